import type { Matrix } from '../../data/matrix.js'
import type { Kernel } from './kernel.js'
import type { ParamLayout } from './layout.js'

/**
 * Where an MLP's buffers sit in a {@link Kernel}'s arena (offsets in floats). Everything a pass
 * needs is placed once, so a training step or a prediction batch allocates nothing.
 */
export interface MlpArena {
  readonly kernel: Kernel
  readonly layout: ParamLayout
  /** Most rows one pass handles (the mini-batch, or the prediction chunk). */
  readonly batch: number
  /** The flat parameters (layout.size floats). */
  readonly w: number
  /** The input rows of a pass (batch × features). */
  readonly x: number
  /** Each layer's output (batch × fanOut): ReLU activations, then the logits (turned into the error in place). */
  readonly acts: readonly number[]
  /**
   * Training only (−1 otherwise): gradient, Adam's two moments, targets (batch × classes), row
   * weights (batch), and backDelta's scratch (a transposed kernel, one row of the widest layer).
   */
  readonly g: number
  readonly wt: number
  readonly row: number
  readonly m: number
  readonly v: number
  readonly y: number
  readonly sums: number
  /**
   * DP-SGD only (−1 otherwise): per-row squared gradient norms, then clip factors (batch); the
   * noise generator's state (4 int32 words); the sum of a Poisson sample's passes (layout.size).
   */
  readonly norms: number
  readonly noise: number
  readonly sum: number
}

/** What the arena must hold besides the forward pass. */
export interface ArenaNeeds {
  /** Gradient, targets and row weights. */
  training: boolean
  /** Adam's moments (training with Adam). */
  moments: boolean
  /** DP-SGD's norms, noise state and pass sum (training with `dp`). */
  dp?: boolean
}

/**
 * Lays out an arena for `layout` and `batch` rows and creates the kernel with `makeKernel(floats)`.
 * Buffers start on 4-float boundaries, which keeps SIMD loads aligned.
 */
export function createArena(layout: ParamLayout, batch: number, needs: ArenaNeeds, makeKernel: (floats: number) => Kernel): MlpArena {
  const first = layout.layers[0]
  const last = layout.layers[layout.layers.length - 1]
  const align = (n: number) => Math.ceil(n / 4) * 4
  const sizes: number[] = [layout.size, batch * first.fanIn, ...layout.layers.map((l) => batch * l.fanOut)]
  const maxKernel = Math.max(0, ...layout.layers.slice(1).map((l) => l.fanIn * l.fanOut))
  const maxWidth = Math.max(...layout.layers.map((l) => l.fanIn))
  if (needs.training) sizes.push(layout.size, batch * last.fanOut, batch, maxKernel, maxWidth)
  if (needs.moments) sizes.push(layout.size, layout.size)
  if (needs.dp) sizes.push(batch, 4, layout.size)
  // 4 floats of slack for aligning the kernel's base (unknown before it exists), and 16 at the end:
  // the wasm kernel's SIMD loads may read up to 15 floats past the last row of a buffer (lanes it
  // then discards), and must not run off the end of its memory.
  const total = sizes.reduce((s, n) => s + align(n), 4 + 16)
  const kernel = makeKernel(total)
  let at = align(kernel.base)
  const take = (n: number): number => { const o = at; at += align(n); return o }
  const w = take(layout.size)
  const x = take(batch * first.fanIn)
  const acts = layout.layers.map((l) => take(batch * l.fanOut))
  const g = needs.training ? take(layout.size) : -1
  const y = needs.training ? take(batch * last.fanOut) : -1
  const sums = needs.training ? take(batch) : -1
  const wt = needs.training ? take(maxKernel) : -1
  const row = needs.training ? take(maxWidth) : -1
  const m = needs.moments ? take(layout.size) : -1
  const v = needs.moments ? take(layout.size) : -1
  const norms = needs.dp ? take(batch) : -1
  const noise = needs.dp ? take(4) : -1
  const sum = needs.dp ? take(layout.size) : -1
  return { kernel, layout, batch, w, x, acts, g, m, v, y, sums, wt, row, norms, noise, sum }
}

/**
 * Forward pass of the first `rows` rows at `arena.x`: every layer's output, the last one logits.
 * `relu[i]` says whether layer i's output goes through a ReLU (default: every layer but the last,
 * the MLP the engine trains; a converted tfjs model may differ). `blocked` computes through
 * {@link Kernel.denseRows} (prediction); training keeps `dense`, whose bits its same-seed tests pin.
 */
export function forward(arena: MlpArena, rows: number, relu?: readonly boolean[], blocked = false): void {
  const { kernel, layout, acts } = arena
  const last = layout.layers.length - 1
  let input = arena.x
  for (let i = 0; i <= last; i++) {
    const l = layout.layers[i]
    const kernelAt = arena.w + l.offset
    const dense = blocked ? kernel.denseRows : kernel.dense
    dense(input, kernelAt, kernelAt + l.fanIn * l.fanOut, acts[i], rows, l.fanIn, l.fanOut, relu ? relu[i] : i < last)
    input = acts[i]
  }
}

/**
 * Backward pass after {@link forward}: the output error from the logits (in place), then every
 * layer's kernel and bias gradient into `arena.g`, reusing each activation buffer for the error at
 * that layer (an activation is last needed by the step that overwrites it). Returns the batch's
 * summed cross-entropy when `wantLoss`.
 */
export function backward(arena: MlpArena, rows: number, weighted: boolean, wantLoss: boolean): number {
  const { kernel, layout, acts } = arena
  const layers = layout.layers
  const last = layers.length - 1
  const loss = kernel.softmaxError(acts[last], arena.y, weighted ? arena.sums : -1, rows, layers[last].fanOut, wantLoss)
  for (let i = last; i >= 0; i--) {
    const l = layers[i]
    const input = i === 0 ? arena.x : acts[i - 1]
    const gw = arena.g + l.offset
    kernel.gradients(input, acts[i], gw, gw + l.fanIn * l.fanOut, rows, l.fanIn, l.fanOut)
    // The error at the previous layer's output, through its ReLU, written over its activations.
    if (i > 0) kernel.backDelta(acts[i], arena.w + l.offset, acts[i - 1], acts[i - 1], rows, l.fanIn, l.fanOut, arena.wt, arena.row)
  }
  return loss
}

/**
 * Copies rows `order[start … start + rows)` of `x`, their targets (`classes` per row) and, when
 * weighted, their row sums into the arena's batch slots. Plain loops: a subarray per row would
 * allocate on every step.
 */
export function gatherRows(
  arena: MlpArena, x: Matrix, targets: Float32Array, rowSums: Float32Array | null, order: ArrayLike<number>, start: number, rows: number, classes: number,
): void {
  const { heap } = arena.kernel
  const xd = x.data, f = x.cols, c = classes
  for (let i = 0; i < rows; i++) {
    const r = order[start + i]
    const xs = r * f, xo = arena.x + i * f
    for (let j = 0; j < f; j++) heap[xo + j] = xd[xs + j]
    const ys = r * c, yo = arena.y + i * c
    for (let j = 0; j < c; j++) heap[yo + j] = targets[ys + j]
    if (rowSums !== null) heap[arena.sums + i] = rowSums[r]
  }
}
