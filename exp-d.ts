import { trainClassifier } from './src/runtime/train.js'
import { tf } from './src/runtime/tf.js'
import { readFileSync } from 'node:fs'
const lines = readFileSync('fixtures/data/digits.csv','utf8').trim().split('\n').slice(1)
const n = 600
const x = new Float32Array(n*64), y = new Int32Array(n)
for (let i=0;i<n;i++){const v=lines[i].split(',').map(Number); for(let j=0;j<64;j++) x[i*64+j]=v[j]/16; y[i]=v[64]}
const epochs = Number(process.argv[2] ?? 20)
const before = tf.memory().numTensors
const t0 = performance.now()
const clf = await trainClassifier({features:64,hidden:[256],classes:10},{data:x,rows:n,cols:64},y,{epochs,batchSize:32,learningRate:1e-3,seed:0})
const t1 = performance.now()
const p = await clf.predict({data:x,rows:n,cols:64})
let acc=0; for(let i=0;i<n;i++){let b=0;for(let k=1;k<10;k++) if(p.data[i*10+k]>p.data[i*10+b]) b=k; if(b===y[i]) acc++}
clf.dispose()
console.log(tf.getBackend(), 'epochs', epochs, 'train s', ((t1-t0)/1000).toFixed(2), 'ms/step', ((t1-t0)/(epochs*19)).toFixed(2), 'acc', acc/n, 'tensors', before, tf.memory().numTensors)
