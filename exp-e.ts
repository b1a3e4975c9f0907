import { initBackend } from './src/runtime/backend.js'
import { tf } from './src/runtime/tf.js'
await initBackend()
const W1 = tf.variable(tf.randomUniform([64,256],-0.1,0.1,'float32',1)), b1 = tf.variable(tf.zeros([256]))
const W2 = tf.variable(tf.randomUniform([256,10],-0.1,0.1,'float32',2)), b2 = tf.variable(tf.zeros([10]))
const vars=[W1,b1,W2,b2]
const xs = new Float32Array(32*64).fill(0.3), ys=new Float32Array(32*10); for(let i=0;i<32;i++) ys[i*10+(i%10)]=1
function fwd(x: tf.Tensor2D){ const h=tf.fused.matMul({a:x,b:W1,bias:b1,activation:'relu'}); return tf.fused.matMul({a:h,b:W2,bias:b2}) }
function fwdPlain(x: tf.Tensor2D){ const h=tf.relu(tf.add(tf.matMul(x,W1),b1)); return tf.add(tf.matMul(h,W2),b2) }
const loss=(f: typeof fwd, x: tf.Tensor2D,y: tf.Tensor2D)=> tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(f(x))))).div(32) as tf.Scalar
function time(name: string, fn: ()=>void, reps=300){ for(let i=0;i<20;i++) fn(); const t0=performance.now(); for(let i=0;i<reps;i++) fn(); console.log(name, ((performance.now()-t0)/reps).toFixed(3),'ms') }
const x=tf.tensor2d(xs,[32,64]), y=tf.tensor2d(ys,[32,10])
time('upload', ()=>{ tf.tensor2d(xs,[32,64]).dispose(); tf.tensor2d(ys,[32,10]).dispose() })
time('fwd fused', ()=>tf.tidy(()=>{fwd(x)}))
time('fwd plain', ()=>tf.tidy(()=>{fwdPlain(x)}))
time('loss fused', ()=>tf.tidy(()=>{loss(fwd,x,y)}))
time('grads fused', ()=>tf.tidy(()=>{tf.variableGrads(()=>loss(fwd,x,y), vars)}))
time('grads plain', ()=>tf.tidy(()=>{tf.variableGrads(()=>loss(fwdPlain,x,y), vars)}))
const adam = tf.train.adam(1e-3,0.9,0.999,1e-7)
time('minimize adam', ()=>{adam.minimize(()=>loss(fwd,x,y), false, vars)})
const sgd = tf.train.sgd(1e-3)
time('minimize sgd', ()=>{sgd.minimize(()=>loss(fwd,x,y), false, vars)})
const g = tf.variableGrads(()=>loss(fwd,x,y), vars).grads
time('adam apply only', ()=>{adam.applyGradients(g)})
time('scalar op', ()=>tf.tidy(()=>{tf.add(x, 1)}), 1000)
time('matmul 32x64x256', ()=>tf.tidy(()=>{tf.matMul(x, W1)}), 1000)
