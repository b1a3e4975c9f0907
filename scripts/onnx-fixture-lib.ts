/**
 * The bytes of fixtures/models/digits-regularised-onnx/model.onnx, computed from the tfjs fixture
 * `digits-regularised` (model.json + weights.bin): used by scripts/make-onnx-fixture.ts to write
 * the file and by test/unit/fixtures/onnx-fixture.test.ts to check the committed file is current.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mlpToOnnx, type DenseLayer } from '../src/targets/onnx/dense-graph.js'

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Where the ONNX fixture is written. */
export const ONNX_FIXTURE = join(ROOT, 'fixtures/models/digits-regularised-onnx/model.onnx')

interface Topology {
  modelTopology: { config: { layers: Array<{ class_name: string; config: { units: number; activation: string; use_bias: boolean; batch_input_shape?: number[] } }> } }
  weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }>
}

/** The fixture's bytes and a one-line description of its layers. */
export function renderOnnxFixture(): { bytes: Uint8Array; layers: string } {
  const from = join(ROOT, 'fixtures/models/digits-regularised')
  const model = JSON.parse(readFileSync(join(from, 'model.json'), 'utf8')) as Topology
  const bin = readFileSync(join(from, 'weights.bin'))
  // weights.bin holds the manifest's tensors back to back, float32 little-endian.
  const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))
  const weights = model.weightsManifest.flatMap((m) => m.weights)
  let at = 0
  const tensors = weights.map((w) => {
    if (w.dtype !== 'float32') throw new Error(`${w.name}: expected float32 weights, found ${w.dtype}`)
    const n = w.shape.reduce((a, b) => a * b, 1)
    const t = floats.slice(at, at + n)
    at += n
    return t
  })
  if (at !== floats.length) throw new Error(`weights.bin holds ${floats.length} floats, the manifest ${at}`)

  let inputs = model.modelTopology.config.layers[0].config.batch_input_shape?.[1] ?? 0
  const layers: DenseLayer[] = model.modelTopology.config.layers.map((l, i) => {
    const { units, activation, use_bias } = l.config
    if (l.class_name !== 'Dense' || !use_bias || !['relu', 'softmax', 'linear'].includes(activation)) {
      throw new Error(`layer ${i}: only Dense layers with a bias and relu/softmax/linear are written, found ${l.class_name} ${activation}`)
    }
    const layer: DenseLayer = { kernel: tensors[2 * i], bias: tensors[2 * i + 1], inputs, units, activation: activation as DenseLayer['activation'] }
    inputs = units
    return layer
  })
  const bytes = mlpToOnnx(layers, { producer: 'vitest-privacy-gates scripts/make-onnx-fixture.ts', doc: 'digits-regularised (64-64-10 MLP) converted from the tfjs fixture' })
  return { bytes, layers: layers.map((l) => `${l.inputs}→${l.units} ${l.activation}`).join(', ') }
}
