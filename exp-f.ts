import { initBackend } from './src/runtime/backend.js'
import { tf } from './src/runtime/tf.js'
await initBackend()
const sizes=[64,256,10]
const shapes: [number,number][] = []; let total=0
for (let i=0;i<sizes.length-1;i++){ shapes.push([sizes[i],sizes[i+1]]); total += sizes[i]*sizes[i+1]+sizes[i+1] }
const init = new Float32Array(total); for (let i=0;i<total;i++) init[i]=((i*2654435761)%1000)/10000-0.05
const w = tf.variable(tf.tensor1d(init)), m = tf.variable(tf.zeros([total])), v = tf.variable(tf.zeros([total]))
const xs = new Float32Array(32*64).fill(0.3), ys=new Float32Array(32*10); for(let i=0;i<32;i++) ys[i*10+(i%10)]=1
const x=tf.tensor2d(xs,[32,64]), y=tf.tensor2d(ys,[32,10])
let t=0; const b1=0.9,b2=0.999,lr=1e-3,eps=1e-7
function step(){
  t++
  tf.tidy(()=>{
    // unpack
    let off=0; const Ws: tf.Tensor2D[]=[], bs: tf.Tensor1D[]=[]
    for (const [a,b] of shapes){ Ws.push(w.slice(off, a*b).reshape([a,b])); off+=a*b; bs.push(w.slice(off,b) as tf.Tensor1D); off+=b }
    const hs: tf.Tensor2D[]=[x]
    let h: tf.Tensor2D = x
    for (let i=0;i<Ws.length;i++){ const z = tf.add(tf.matMul(h, Ws[i]), bs[i]) as tf.Tensor2D; h = i<Ws.length-1 ? tf.relu(z) : z; hs.push(h) }
    const p = tf.softmax(h)
    let dz = tf.sub(p, y).mul(1/32) as tf.Tensor2D
    const grads: tf.Tensor[] = new Array(Ws.length*2)
    for (let i=Ws.length-1;i>=0;i--){
      grads[2*i] = tf.matMul(hs[i], dz, true, false).reshape([-1])
      grads[2*i+1] = tf.sum(dz, 0)
      if (i>0){ const dh = tf.matMul(dz, Ws[i], false, true); dz = tf.mul(dh, tf.step(hs[i])) as tf.Tensor2D }
    }
    const g = tf.concat(grads)
    const mn = m.mul(b1).add(g.mul(1-b1)); const vn = v.mul(b2).add(g.square().mul(1-b2))
    const lrt = lr*Math.sqrt(1-b2**t)/(1-b1**t)
    m.assign(mn); v.assign(vn)
    w.assign(w.sub(mn.mul(lrt).div(vn.sqrt().add(eps))))
  })
}
function time(name: string, fn: ()=>void, reps=500){ for(let i=0;i<20;i++) fn(); const t0=performance.now(); for(let i=0;i<reps;i++) fn(); console.log(name, ((performance.now()-t0)/reps).toFixed(3),'ms') }
time('manual flat step', step)
time('manual flat step', step)
console.log(tf.memory().numTensors)
