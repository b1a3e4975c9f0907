import { availableParallelism } from 'node:os'
import type { Matrix } from '../../data/matrix.js'
import type { DenseStack } from '../../runtime/tfjs-dense-stack.js'
import { denseStackLayers, mlpToOnnx } from './dense-graph.js'
import type { OrtModule } from './runtime.js'

/**
 * Multiply-adds of one call above which its session gets more than one intra-op thread: about
 * 2 ms of one core's work (onnxruntime's Gemm does ~15–20 GMAC/s a core here), enough to pay for
 * waking the other threads. Below it one thread is faster: bench/tfjs-inference.ts measured
 * 512-row calls of the 64-256-10 fixture (10 M) and 4096-row calls of the 64-64-10 one (19 M)
 * slower with more threads, 4096-row calls of the 64-256-10 one (78 M) about 1.4× faster.
 */
export const PARALLEL_CALL_MACS = 32_000_000

/** Most intra-op threads a dense session uses: audits run inside Vitest workers, one per core. */
const MAX_DENSE_THREADS = 4

/**
 * Intra-op threads for a session answering `rowsPerCall` rows of `stack` a call: one, or up to
 * the machine's cores (at most 4) when one call is at least {@link PARALLEL_CALL_MACS}.
 *
 * @example
 * denseSessionThreads(stack, 4096)   // 2 on a 2-core machine for 64-256-10 (78 M multiply-adds a call)
 */
export function denseSessionThreads(stack: DenseStack, rowsPerCall: number): number {
  const macsPerRow = stack.layout.layers.reduce((sum, l) => sum + l.fanIn * l.fanOut, 0)
  return rowsPerCall * macsPerRow < PARALLEL_CALL_MACS ? 1 : Math.max(1, Math.min(MAX_DENSE_THREADS, availableParallelism()))
}

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
 * `threads` intra-op threads (default 1; see {@link denseSessionThreads}). The weights are copied into the graph: later changes to `stack` do
 * not reach the session.
 *
 * @example
 * const dense = await createOrtDensePredictor(await loadOnnxRuntime(), stack)
 * const answer = await dense.predict({ data, rows: 512, cols: 64 })
 */
export async function createOrtDensePredictor(ort: OrtModule, stack: DenseStack, threads = 1): Promise<OrtDensePredictor> {
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
