/**
 * `npx tsx scripts/make-onnx-fixture.ts`: writes fixtures/models/digits-regularised-onnx/model.onnx,
 * the weights of the tfjs fixture `digits-regularised` (64-64-10 MLP, ReLU, softmax) as an ONNX
 * graph Gemm → Relu → Gemm → Softmax. No Python, no PyTorch: the protobuf is written by
 * `mlpToOnnx` (src/targets/onnx/dense-graph.ts, on the graph writer onnx-graph.ts) from model.json
 * and weights.bin. Deterministic: the same bytes every run.
 * test/unit/targets/onnx checks that onnxruntime-node's answers match the tfjs model's within 1e-5.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ONNX_FIXTURE, renderOnnxFixture } from './onnx-fixture-lib.js'

const { bytes, layers } = renderOnnxFixture()
mkdirSync(dirname(ONNX_FIXTURE), { recursive: true })
writeFileSync(ONNX_FIXTURE, bytes)
console.log(`fixtures/models/digits-regularised-onnx/model.onnx: ${bytes.length} bytes, ${layers}`)
