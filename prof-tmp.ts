import { auditMembership } from './src/attacks/membership/audit.js'
import { onnxTarget } from './src/targets/onnx/index.js'
import { loadCsv } from './src/data/csv.js'
import { createRng } from './src/data/rng.js'
const d = await loadCsv('fixtures/data/digits.csv', { scale: 1/16 })
const N = 100000, F = 64
const rng = createRng(0)
const x = new Float32Array(N*F); const y = new Int32Array(N)
for (let i=0;i<N;i++){ const r = rng.int(d.rows); for (let c=0;c<F;c++) x[i*F+c] = d.x[r*F+c] + (rng.next()-0.5)*0.02; y[i]=d.y[r] }
const members = { x: x.subarray(0, N/2*F), y: y.subarray(0,N/2), features: F }
const nonMembers = { x: x.subarray(N/2*F), y: y.subarray(N/2), features: F }
const t = await onnxTarget('fixtures/models/digits-regularised-onnx/model.onnx')
const intervals = process.argv[2] !== 'lean'
for (let i=0;i<2;i++) await auditMembership(t,{members,nonMembers, intervals})
const tt=performance.now(); for (let i=0;i<10;i++) await auditMembership(t,{members,nonMembers, intervals}); console.log('10 audits', performance.now()-tt)
