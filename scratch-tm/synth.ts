import { auc, tprAtFpr } from '../src/metrics/index.js'
import { liraAttack } from '../src/attacks/membership/lira.js'
import { rmiaAttack } from '../src/attacks/membership/rmia.js'
import { shadowAttack } from '../src/attacks/membership/shadow.js'
import { maxConfidenceScores } from '../src/attacks/membership/max-confidence.js'
import { blobTarget, context, members, SMALL } from '../test/unit/attacks/membership/synthetic.js'
for (const sharp of [3, 1]) {
  const t = blobTarget(members, sharp)
  for (const [name, a, extra] of [['lira', liraAttack, { k: 4 }], ['rmia', rmiaAttack, { k: 2 }], ['shadow', shadowAttack, { k: 2 }], ['shadow pc', shadowAttack, { k: 2, perClass: true }]] as const) {
    for (const seed of [0, 1, 2]) {
      const ctx = await context(t, { ...SMALL, ...extra }, seed)
      const t0 = performance.now()
      const s = await a.score(ctx)
      console.log(sharp, name, seed, auc(s.members, s.nonMembers).toFixed(3), ((performance.now() - t0) / 1000).toFixed(2) + 's', 'maxconf', auc(maxConfidenceScores(ctx.memberAnswers), maxConfidenceScores(ctx.nonMemberAnswers)).toFixed(3))
    }
  }
}
