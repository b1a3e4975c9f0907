import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { toDense } from '../../../../src/data/dataset.js'
import { loadDataset } from '../../../../src/data/load.js'
import { EXIT, exitCodeOf } from '../../../../src/errors.js'
import { loadTfModel } from '../../../../src/runtime/model-io.js'
import { fromTfModel } from '../../../../src/targets/from-tf-model.js'
import { loadOnnxRuntime, onnxTarget } from '../../../../src/targets/onnx/index.js'

const fixture = (p: string) => fileURLToPath(new URL(`../../../../fixtures/${p}`, import.meta.url))
const ONNX = fixture('models/digits-regularised-onnx/model.onnx')

describe('onnxTarget', () => {
  it('answers like the tfjs model it was written from, within 1e-5, and reads its shapes', async () => {
    const x = toDense(await loadDataset(fixture('data/digits-split/non-members.csv'), { scale: 1 / 16 }), 'non-members').x
    const onnx = await onnxTarget(ONNX, { batchSize: 128 })
    const tfjs = fromTfModel(await loadTfModel(fixture('models/digits-regularised/model.json')))
    expect(onnx.features).toBe(64)
    const [a, b] = [await onnx.query(x), await tfjs.query(x)]
    expect(a.rows).toBe(600)
    expect(a.cols).toBe(10)
    let worst = 0
    for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]))
    expect(worst).toBeLessThan(1e-5)
    expect(onnx.queryCount).toBe(600)
    onnx.dispose?.()
    await expect(onnx.query(x)).rejects.toThrow(/released by dispose\(\)/)
  })

  it('gives the same membership AUC as the tfjs model', async () => {
    const scale = 1 / 16
    const [members, nonMembers] = await Promise.all([
      loadDataset(fixture('data/digits-split/members.csv'), { scale }),
      loadDataset(fixture('data/digits-split/non-members.csv'), { scale }),
    ])
    const onnx = await onnxTarget(ONNX)
    const a = await auditMembership(onnx, { members, nonMembers, attack: 'loss' })
    const b = await auditMembership(await loadTfModel(fixture('models/digits-regularised/model.json')), { members, nonMembers, attack: 'loss' })
    expect(a.auc).toBeCloseTo(b.auc, 4)
    expect(a.auc).toBeLessThan(0.6)
  })

  it('refuses a missing file, a wrong width, an unknown output name', async () => {
    // A missing or misnamed model file is the user's input: exit code 2.
    const missing = await onnxTarget(fixture('models/nope.onnx')).catch((e: unknown) => e)
    expect([exitCodeOf(missing), (missing as Error).message]).toEqual([EXIT.input, `onnxTarget: ${fixture('models/nope.onnx')}: file not found`])
    await expect(onnxTarget(fixture('models'))).rejects.toThrow(`onnxTarget: ${fixture('models')}: is a directory; expected an .onnx file`)
    // A device (or a FIFO, a socket) is no directory.
    if (process.platform !== 'win32') {
      const device = await onnxTarget('/dev/null').catch((e: unknown) => e)
      expect([exitCodeOf(device), (device as Error).message]).toEqual([EXIT.input, 'onnxTarget: /dev/null: cannot be read (not a regular file)'])
    }
    await expect(onnxTarget(ONNX, { features: 63 })).rejects.toThrow(/options\.features is 63, but the model's input "input" declares 64/)
    await expect(onnxTarget(ONNX, { outputName: 'probs' })).rejects.toThrow(/options\.outputName: no output named "probs" in .*; it has "output"/)
    await expect(onnxTarget(fixture('models/digits-regularised/model.json'))).rejects.toThrow(/onnxruntime cannot load the model/)
  })

  it('says how to install onnxruntime-node when it is missing', async () => {
    const missing = async () => {
      throw Object.assign(new Error("Cannot find package 'onnxruntime-node'"), { code: 'ERR_MODULE_NOT_FOUND' })
    }
    await expect(loadOnnxRuntime(missing)).rejects.toThrow(
      /ONNX targets need the optional peer dependency onnxruntime-node, but it is not installed: install onnxruntime-node \(npm install -D onnxruntime-node\); .*onnxruntime-node-install=skip/,
    )
    await expect(onnxTarget(ONNX, { runtime: () => loadOnnxRuntime(missing) })).rejects.toThrow(/npm install -D onnxruntime-node/)
  })
})
