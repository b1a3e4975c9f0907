import { loadDataset } from '../src/data/load.js'
import { toDense } from '../src/data/dataset.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { initBackend } from '../src/runtime/backend.js'
import { toTarget } from '../src/targets/to-target.js'
import { auc, tprAtFpr } from '../src/metrics/index.js'
import { maxConfidenceScores } from '../src/attacks/membership/max-confidence.js'
import { lossScores } from '../src/attacks/membership/loss.js'
import { liraAttack } from '../src/attacks/membership/lira.js'
import { rmiaAttack } from '../src/attacks/membership/rmia.js'
import { shadowAttack } from '../src/attacks/membership/shadow.js'
import type { AttackContext } from '../src/attacks/membership/attack.js'

await initBackend()
const dir = 'fixtures/data/digits-split/'
const load = async (f: string) => toDense(await loadDataset(dir + f, { scale: 1 / 16 }), f)
const members = await load(process.env.MEMBERS ?? 'members-leaky.csv')
const nonMembers = await load('non-members.csv')
const pool = await load('pool.csv')
const model = await loadTfModel(`fixtures/models/${process.env.MODEL ?? 'digits-leaky'}/model.json`)
const target = toTarget(model as never)
const memberAnswers = await target.query(members.x)
const nonMemberAnswers = await target.query(nonMembers.x)
const report = (name: string, m: Float64Array, n: Float64Array, t = 0) => {
  const r = tprAtFpr(m, n, 0.01)
  console.log(`${name.padEnd(40)} AUC ${auc(m, n).toFixed(4)}  TPR@1%FPR ${r.tpr.toFixed(3)} (fpr ${r.fpr.toFixed(4)})${t ? `  ${(t / 1000).toFixed(1)} s` : ''}`)
}
report('max-confidence', maxConfidenceScores(memberAnswers), maxConfidenceScores(nonMemberAnswers))
report('loss', lossScores(memberAnswers, members.y), lossScores(nonMemberAnswers, nonMembers.y))
const configs = JSON.parse(process.env.CONFIGS ?? '[]') as { attack: string; settings: object; seed?: number }[]
const attacks = { lira: liraAttack, rmia: rmiaAttack, shadow: shadowAttack } as const
for (const c of configs) {
  const ctx: AttackContext = { target, members, nonMembers, memberAnswers, nonMemberAnswers, classes: 10, pool, seed: c.seed ?? 0, settings: c.settings }
  const t = performance.now()
  const q = target.queryCount
  const s = await attacks[c.attack as keyof typeof attacks].score(ctx)
  report(`${c.attack} ${JSON.stringify(c.settings)}${c.seed ? ` seed ${c.seed}` : ''}`, s.members, s.nonMembers, performance.now() - t)
  if (target.queryCount !== q) console.log('   extra queries', target.queryCount - q)
}
if (process.env.DIAG) {
  const ctx: AttackContext = { target, members, nonMembers, memberAnswers, nonMemberAnswers, classes: 10, pool, seed: 0, settings: JSON.parse(process.env.DIAG) }
  const s = await rmiaAttack.score(ctx)
  const top = (a: Float64Array) => a.filter((v) => v === 1).length
  console.log('score==1: members', top(s.members), 'non-members', top(s.nonMembers))
  const q = (a: Float64Array) => [...a].sort((x, y) => x - y).filter((_, i, arr) => i % Math.floor(arr.length / 10) === 0).map((v) => v.toFixed(3)).join(' ')
  console.log('members', q(s.members)); console.log('nonmem ', q(s.nonMembers))
  const conf = (m: typeof memberAnswers, y: Int32Array) => Float64Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + y[r]])
  console.log('p_y==1 members', conf(memberAnswers, members.y).filter((v) => v === 1).length, 'non-members', conf(nonMemberAnswers, nonMembers.y).filter((v) => v === 1).length)
}
