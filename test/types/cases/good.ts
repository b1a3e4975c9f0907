// A user's test file: must compile against the shipped types.
import { expect, it } from 'vitest'
import 'vitest-privacy-gates/setup'
import { loadDataset, type Dataset } from 'vitest-privacy-gates'

declare const model: (rows: number[][]) => number[][]
declare const members: Dataset
declare const nonMembers: Dataset

it('gates', async () => {
  const pool = await loadDataset('pool.csv', { scale: 1 / 16 })
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
  await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers, attack: 'loss', seed: 3 })
  await expect(model).not.toHaveMembershipAucBelow(0.5, { members, nonMembers })
  await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation: nonMembers, budget: 100 })
  await expect(model).toHaveRecordsAtRiskBelow(5, { members: { ...members, ids: ['a', 'b'] }, nonMembers, pool, attack: 'rmia', risk: 0.99 })
})

it('models from the thresholds file need no arguments', async () => {
  const { loadGateModel } = await import('vitest-privacy-gates')
  const model = await loadGateModel('digits-mlp')
  await expect(model).toPassReleaseGates()
  await expect(model).toHaveMembershipAucBelow()
  await expect(model).toHaveMembershipTprBelow(0.1, { atFpr: 0.001 })
  await expect(model).toHaveSurrogateFidelityBelow(undefined, { budget: 200 })
  await expect(model).toHaveCleanAccuracyAbove(0.9)
  await expect(model.target).toHaveMembershipAdvantageBelow(0.2, { members, nonMembers })
})

it('HTTP and ONNX targets', async () => {
  const { httpTarget, onnxTarget, HttpTargetError } = await import('vitest-privacy-gates')
  const api = httpTarget({
    url: 'http://127.0.0.1:8501',
    model: 'digits',
    format: 'open-inference',
    auth: { env: 'MODEL_API_TOKEN' },
    retry: { retries: 2, maxDelayMs: 5000 },
    sleep: async () => {},
  })
  const custom = httpTarget({ url: 'http://h/score', format: 'custom', request: (rows) => ({ rows }), response: { pointer: '/p' } })
  await expect(api).toHaveMembershipAucBelow(0.6, { members, nonMembers })
  await expect(custom).toHaveSurrogateFidelityBelow(0.9, { pool: [[0]], evaluation: nonMembers })
  const onnx = await onnxTarget('model.onnx', { outputMode: 'logits', batchSize: 256 })
  await expect(onnx).toHaveCleanAccuracyAbove(0.9, { evaluation: nonMembers })
  const err: unknown = undefined
  if (err instanceof HttpTargetError) err.rows satisfies readonly [number, number]
})
