import { auc } from '../src/metrics/index.js'
import { liraAttack } from '../src/attacks/membership/lira.js'
import { rmiaAttack } from '../src/attacks/membership/rmia.js'
import { shadowAttack } from '../src/attacks/membership/shadow.js'
import { maxConfidenceScores } from '../src/attacks/membership/max-confidence.js'
import { blobTarget, trainedTarget, context, members, SMALL } from '../test/unit/attacks/membership/synthetic.js'
const cfg = JSON.parse(process.env.T ?? '{"hidden":[32],"epochs":60,"learningRate":0.01,"batchSize":16}')
const targets = { trained: await trainedTarget(cfg), blob3: blobTarget(members, 3), blob1: blobTarget(members, 1) }
for (const [tn, t] of Object.entries(targets)) {
  for (const [name, a, extra] of [['lira', liraAttack, { k: 4 }], ['rmia', rmiaAttack, { k: 2 }], ['shadow', shadowAttack, { k: 2 }], ['shadow pc', shadowAttack, { k: 2, perClass: true }]] as const) {
    const out: string[] = []
    const t0 = performance.now()
    for (const seed of [0, 1, 2, 3]) {
      const ctx = await context(t, { ...SMALL, ...cfg, ...extra }, seed)
      const s = await a.score(ctx)
      out.push(auc(s.members, s.nonMembers).toFixed(3))
      if (seed === 0) out.push('(mc ' + auc(maxConfidenceScores(ctx.memberAnswers), maxConfidenceScores(ctx.nonMemberAnswers)).toFixed(3) + ')')
    }
    console.log(tn, name, out.join(' '), ((performance.now() - t0) / 4000).toFixed(2) + 's')
  }
}
