import { initBackend } from './src/runtime/backend.js'
import { tf } from './src/runtime/tf.js'
await initBackend()
function time(name: string, fn: ()=>void, reps=1000){ for(let i=0;i<50;i++) fn(); const t0=performance.now(); for(let i=0;i<reps;i++) fn(); console.log(name.padEnd(30), ((performance.now()-t0)/reps*1000).toFixed(1),'us') }
const x=tf.randomUniform([32,64]) as tf.Tensor2D, xT=tf.randomUniform([64,32]) as tf.Tensor2D, W1=tf.randomUniform([64,256]) as tf.Tensor2D, h=tf.randomUniform([32,256]) as tf.Tensor2D, hT=tf.randomUniform([256,32]) as tf.Tensor2D, W2=tf.randomUniform([256,10]) as tf.Tensor2D, dz=tf.randomUniform([32,10]) as tf.Tensor2D, dz1=tf.randomUniform([32,256]) as tf.Tensor2D
const W2T = tf.randomUniform([10,256]) as tf.Tensor2D
time('matMul xT dz1 (plain)', ()=>tf.tidy(()=>{tf.matMul(xT,dz1)}))
time('matMul xT dz1 (tA)', ()=>tf.tidy(()=>{tf.matMul(x,dz1,true,false)}))
time('matMul transpose(x) dz1', ()=>tf.tidy(()=>{tf.matMul(tf.transpose(x),dz1)}))
time('matMul hT dz (plain)', ()=>tf.tidy(()=>{tf.matMul(hT,dz)}))
time('matMul transpose(h) dz', ()=>tf.tidy(()=>{tf.matMul(tf.transpose(h),dz)}))
time('matMul dz W2T (tB)', ()=>tf.tidy(()=>{tf.matMul(dz,W2,false,true)}))
time('matMul dz W2T plain', ()=>tf.tidy(()=>{tf.matMul(dz,W2T)}))
time('matMul x W1', ()=>tf.tidy(()=>{tf.matMul(x,W1)}))
time('matMul x W1 (fresh W each)', ()=>tf.tidy(()=>{tf.matMul(x,W1.add(0))}))
time('add0', ()=>tf.tidy(()=>{W1.add(0)}))
time('matMul h W2', ()=>tf.tidy(()=>{tf.matMul(h,W2)}))
