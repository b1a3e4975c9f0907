/**
 * Peak memory of a membership audit at scale: 100,000 records of a synthetic Purchase-100-like
 * data set (600 binary features, 100 classes from clustering; bench/synthetic-purchase.ts), half of
 * them members of a target MLP (600-256-100, trained here with the engine), audited with the
 * max-confidence and loss attacks through `auditMembership` (every record queried once, answers
 * scored, AUC with its DeLong interval). Prints the resident set size after each phase and the peak
 * (`process.resourceUsage().maxRSS`), beside the size of the data itself as the baseline; the goal
 * is a peak under 1 GiB. Exit code 1 above it.
 *
 *   npx tsx bench/memory.ts [rows] [epochs]     # defaults 100000 2
 */
import os from 'node:os'
import { auditMembership } from '../src/attacks/membership/audit.js'
import { createTarget } from '../src/targets/create-target.js'
import { trainClassifier } from '../src/runtime/train-classifier.js'
import { syntheticPurchase } from './synthetic-purchase.js'

const rows = Number(process.argv[2] ?? 100_000)
const epochs = Number(process.argv[3] ?? 2)
const MiB = 1024 * 1024
const rss = () => process.memoryUsage().rss / MiB
const phases: [string, number, number][] = []
let t = performance.now()
const mark = (what: string) => { phases.push([what, rss(), (performance.now() - t) / 1000]); t = performance.now() }
mark('start (modules loaded)')

const { x, y } = syntheticPurchase(rows)
mark(`generate ${rows} × ${x.cols} rows`)
const half = Math.floor(rows / 2)
const features = x.cols
// Views, not copies: the first half are members, the rest non-members.
const members = { x: x.data.subarray(0, half * features), y: y.subarray(0, half), features }
const nonMembers = { x: x.data.subarray(half * features), y: y.subarray(half), features }

const model = await trainClassifier({ features, hidden: [256], classes: 100 },
  { data: members.x, rows: half, cols: features }, members.y, { epochs, batchSize: 64, learningRate: 1e-3, seed: 1 })
mark(`train 600-256-100 on ${half} members, ${epochs} epochs (engine)`)

const target = createTarget((m) => model.predict(m), { name: 'synthetic purchase target', features })
const suite = await auditMembership(target, { members, nonMembers, attack: 'strongest', suite: ['max-confidence', 'loss'], seed: 0 })
mark(`auditMembership of ${rows} records (max-confidence + loss)`)
model.dispose()

const dataMiB = (x.data.byteLength + y.byteLength) / MiB
const peak = process.resourceUsage().maxRSS / 1024
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}`)
for (const [what, r, s] of phases) console.log(`${what.padEnd(64)} rss ${r.toFixed(0).padStart(5)} MiB  ${s.toFixed(1).padStart(6)} s`)
console.log(`\nAUC max-confidence ${suite.results[0].auc.toFixed(4)}, loss ${suite.results[1].auc.toFixed(4)} (queries answered: ${target.queryCount})`)
console.log(`data (features + labels)   ${dataMiB.toFixed(0)} MiB (baseline)`)
console.log(`peak resident set size     ${peak.toFixed(0)} MiB   ${(peak / dataMiB).toFixed(2)} × the data   limit 1024 MiB: ${peak < 1024 ? 'met' : 'EXCEEDED'}`)
if (peak >= 1024) process.exitCode = 1
