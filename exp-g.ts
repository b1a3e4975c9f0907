import { initBackend } from './src/runtime/backend.js'
import { tf } from './src/runtime/tf.js'
await initBackend()
function time(name: string, fn: ()=>void, reps=1000){ for(let i=0;i<50;i++) fn(); const t0=performance.now(); for(let i=0;i<reps;i++) fn(); console.log(name.padEnd(30), ((performance.now()-t0)/reps*1000).toFixed(1),'us') }
const x=tf.randomUniform([32,64]) as tf.Tensor2D, W1=tf.randomUniform([64,256]) as tf.Tensor2D, h=tf.randomUniform([32,256]) as tf.Tensor2D, W2=tf.randomUniform([256,10]) as tf.Tensor2D, dz=tf.randomUniform([32,10]) as tf.Tensor2D, dz1=tf.randomUniform([32,256]) as tf.Tensor2D
const big=tf.randomUniform([19210]), b=tf.randomUniform([256])
time('matMul x W1', ()=>tf.tidy(()=>{tf.matMul(x,W1)}))
time('matMul h W2', ()=>tf.tidy(()=>{tf.matMul(h,W2)}))
time('matMul hT dz (tA)', ()=>tf.tidy(()=>{tf.matMul(h,dz,true,false)}))
time('matMul xT dz1 (tA)', ()=>tf.tidy(()=>{tf.matMul(x,dz1,true,false)}))
time('matMul dz W2T (tB)', ()=>tf.tidy(()=>{tf.matMul(dz,W2,false,true)}))
time('add bias', ()=>tf.tidy(()=>{tf.add(h,b)}))
time('relu', ()=>tf.tidy(()=>{tf.relu(h)}))
time('step', ()=>tf.tidy(()=>{tf.step(h)}))
time('sum axis0', ()=>tf.tidy(()=>{tf.sum(dz1,0)}))
time('softmax', ()=>tf.tidy(()=>{tf.softmax(dz)}))
time('mul scalar big', ()=>tf.tidy(()=>{big.mul(0.9)}))
time('sqrt big', ()=>tf.tidy(()=>{big.sqrt()}))
time('slice big', ()=>tf.tidy(()=>{big.slice(100, 16384)}))
time('concat', ()=>tf.tidy(()=>{tf.concat([big,b])}))
time('transpose h', ()=>tf.tidy(()=>{tf.transpose(h)}))
time('tidy empty', ()=>tf.tidy(()=>{}))
