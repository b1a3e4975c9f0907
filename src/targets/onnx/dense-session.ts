import type { Matrix } from '../../data/matrix.js'
import type { DenseStack } from '../../runtime/tfjs-dense-stack.js'
import { denseStackLayers, mlpToOnnx } from './dense-graph.js'
import type { OrtModule } from './runtime.js'

/**
 * Intra-op threads of the sessions answering for dense tfjs models. One: audits run inside Vitest
 * workers, one per core, and bench/tfjs-inference.ts measured no clear gain from more on these
 * small layers (docs/targets.md#fast-tfjs-inference).
 */
export const ORT_DENSE_THREADS = 1

/** A dense stack answered by an in-memory onnxruntime session. */
export interface OrtDensePredictor {
  /** The stack's output for `rows` (columns: the first layer's fan-in), a fresh matrix. */
  predict(rows: Matrix): Promise<Matrix>
  /** Releases the session; later calls of `predict` reject. */
  release(): void
}

/**
 * An onnxruntime session computing `stack` (`readDenseStack`): the layers written as an ONNX graph
 * in memory (`Gemm`, `Relu`, a final `Softmax` when the stack has one) and run on the CPU with
 * `threads` intra-op threads. The weights are copied into the graph: later changes to `stack` do
 * not reach the session.
 *
 * @example
 * const dense = await createOrtDensePredictor(await loadOnnxRuntime(), stack)
 * const answer = await dense.predict({ data, rows: 512, cols: 64 })
 */
export async function createOrtDensePredictor(ort: OrtModule, stack: DenseStack, threads = ORT_DENSE_THREADS): Promise<OrtDensePredictor> {
  const bytes = mlpToOnnx(denseStackLayers(stack), { producer: 'vitest-privacy-gates fromTfModel', doc: 'a tfjs dense stack' })
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  })
  const layers = stack.layout.layers
  const features = layers[0].fanIn
  const classes = layers[layers.length - 1].fanOut
  let released = false
  return {
    async predict(rows) {
      if (released) throw new Error('the onnxruntime session of this dense model was released')
      // onnxruntime copies its input, so a view of the caller's rows is enough.
      const input = new ort.Tensor('float32', rows.data.subarray(0, rows.rows * features), [rows.rows, features])
      const out = (await session.run({ input })).output
      const data = out.data as Float32Array
      if (!(data instanceof Float32Array) || data.length !== rows.rows * classes) {
        throw new Error(`the onnxruntime session of this dense model answered ${rows.rows} rows with [${out.dims.join(', ')}] ${out.type} values; expected [${rows.rows}, ${classes}] float32`)
      }
      return { data, rows: rows.rows, cols: classes }
    },
    release() {
      if (released) return
      released = true
      void session.release?.()
    },
  }
}
