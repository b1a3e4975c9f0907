import { describe, expect, test } from 'vitest'
import { loadGateModel } from 'vitest-privacy-gates'

// Thresholds, targets, data and the reference-model recipe live in privacy-gates.json.
// Run with `npx vitest run --root examples/fashion-mnist` (minutes: LiRA trains 4 CNNs per model).

describe('fashion-cnn (tfjs, input [null, 28, 28, 1])', () => {
  test('max-confidence alone sees little', async () => {
    const model = await loadGateModel('fashion-cnn')
    await expect(model).toHaveMembershipAucBelow(0.6, { attack: 'max-confidence' })
    await expect(model).toHaveCleanAccuracyAbove()
  })

  test('LiRA with CNN reference models (the recipe) catches the leak', async () => {
    // `.not`: this model is expected to FAIL the file's LiRA gate (max 0.6). In a real suite you
    // would write `await expect(model).toPassReleaseGates()` and let CI go red.
    const model = await loadGateModel('fashion-cnn')
    await expect(model).not.toHaveMembershipAucBelow()
  })
})

describe('fashion-cnn-onnx (ONNX Runtime, input [N, 1, 28, 28])', () => {
  test('gates like the tfjs model it was exported from', async () => {
    const model = await loadGateModel('fashion-cnn-onnx')
    await expect(model).toHaveMembershipAucBelow(0.6, { attack: 'max-confidence' })
    await expect(model).not.toHaveMembershipAucBelow()
  })
})
