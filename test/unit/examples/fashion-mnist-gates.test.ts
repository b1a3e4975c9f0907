// @ts-nocheck — PENDING: enable after the shapes, recipes and overhead branches are merged, by
// renaming this file to fashion-mnist-gates.test.ts and deleting this line. It needs:
//   - overhead: .npy datasets in the thresholds file, `{ "x": "…-x.npy", "y": "…-y.npy" }` with `scale`;
//   - shapes: `recordShape: [28, 28, 1]` in data defaults, tfjs targets with input [null, 28, 28, 1],
//     onnx targets with input [N, 1, 28, 28] and `"layout": "NCHW"`;
//   - recipes: `attackSettings.recipe` (a module path exporting `train`) used by LiRA/RMIA.
// Adjust the property names below if the merged branches chose others.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../src/attacks/membership/audit.js'
import { loadConfig } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'

const example = fileURLToPath(new URL('../../../examples/fashion-mnist/privacy-gates.json', import.meta.url))
const quickRecipe = fileURLToPath(new URL('./fashion-quick-recipe.ts', import.meta.url))

describe('examples/fashion-mnist/privacy-gates.json (small budgets)', () => {
  it('validates, and the tfjs (NHWC) and ONNX (NCHW) targets give the same max-confidence AUC', async () => {
    const config = await loadConfig(example)
    const aucs = []
    for (const name of ['fashion-cnn', 'fashion-cnn-onnx']) {
      const source = await (await createGateModel(config, name)).source()
      const r = await auditMembership(source.target, { members: source.members, nonMembers: source.nonMembers, attack: 'max-confidence' })
      aucs.push(r.auc)
    }
    expect(Math.abs(aucs[0] - aucs[1])).toBeLessThan(1e-4)
    expect(aucs[0]).toBeLessThan(0.6) // bench/fashion.ts: 0.580
  })

  it('LiRA with 2 CNN references from the recipe (8 epochs each) fails the file\'s 0.6 limit on the tfjs target', { timeout: 600_000 }, async () => {
    const config = await loadConfig(example)
    const model = config.models['fashion-cnn']
    model.attackSettings = { ...model.attackSettings, k: 2, recipe: quickRecipe }
    const gated = await createGateModel(config, 'fashion-cnn')
    await expect(gated).not.toHaveMembershipAucBelow()
    await expect(gated).toHaveCleanAccuracyAbove()
  })
})
