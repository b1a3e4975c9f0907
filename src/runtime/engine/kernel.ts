/**
 * The arithmetic of the training engine, behind one interface with two implementations: WebAssembly
 * SIMD (wasm-kernel.ts, compiled from assembly/kernel.ts) and plain JavaScript (js-kernel.ts, the
 * fallback where WebAssembly SIMD is unavailable).
 *
 * Every matrix is float32, row-major, at an offset (in floats, not bytes) into `heap`, a fixed-size
 * arena allocated once per training run or classifier: the training loop never allocates per step.
 * The operations are exactly those of an MLP step, fused where that saves a pass over memory.
 */
export interface Kernel {
  /** Which implementation this is. */
  readonly name: 'wasm' | 'js'
  /** The arena. Offsets below are indices into it. */
  readonly heap: Float32Array
  /** First usable offset (the wasm module keeps its static data below it). */
  readonly base: number
  /** out[rows × n] = a[rows × k] · w[k × n] + b[n], then ReLU when `relu`. */
  dense(a: number, w: number, b: number, out: number, rows: number, k: number, n: number, relu: boolean): void
  /**
   * The same as {@link Kernel.dense}, with the same bits per answer (up to the sign of an exact
   * zero), computed several rows per weight load where the implementation can: for prediction,
   * where rows come by the thousand. Training keeps `dense`.
   */
  denseRows(a: number, w: number, b: number, out: number, rows: number, k: number, n: number, relu: boolean): void
  /** gw[k × n] = aᵀ · dz (a: rows × k, dz: rows × n); gb[n] = column sums of dz. */
  gradients(a: number, dz: number, gw: number, gb: number, rows: number, k: number, n: number): void
  /**
   * dh[rows × k] = (dz · wᵀ) ⊙ [h > 0]; dh may be h itself. `wt` (k × n floats) and `row` (k floats)
   * are scratch space the kernel may overwrite.
   */
  backDelta(dz: number, w: number, h: number, dh: number, rows: number, k: number, n: number, wt: number, row: number): void
  /**
   * Logits z[rows × n] → output error in place, dz = (s·softmax(z) − y) / rows, with s the row
   * weights at `sums` (or 1 when `sums` is −1). Returns Σ −y·log softmax(z) when `wantLoss`, else 0.
   */
  softmaxError(z: number, y: number, sums: number, rows: number, n: number, wantLoss: boolean): number
  /** Softmax of each row of z[rows × n], in place. */
  softmaxRows(z: number, rows: number, n: number): void
  /** One Adam step on `count` parameters: g += l2x2·w; m, v updated; w −= mScale · m / (√v · vScale + ε). */
  adam(w: number, g: number, m: number, v: number, count: number, l2x2: number, b1: number, b2: number, mScale: number, vScale: number, eps: number): void
  /** One plain SGD step: w −= lr · (g + l2x2·w). */
  sgd(w: number, g: number, count: number, l2x2: number, lr: number): void
  /** dst[k] += src[k] for k < count. */
  addTo(dst: number, src: number, count: number): void
  /**
   * DP-SGD's per-example norms of one dense layer: acc[i] += (‖aᵢ‖² + 1)·‖dᵢ‖², the squared norm of
   * record i's kernel-and-bias gradient, for its input a (rows × k) and error d (rows × n).
   */
  ghostNorms(a: number, d: number, rows: number, k: number, n: number, acc: number): void
  /** Each row i of d (rows × n) times f[i], in place. */
  scaleRows(d: number, rows: number, n: number, f: number): void
  /**
   * DP-SGD's noisy mean in place: g[k] = (g[k] + scale·z) / divisor for k < count, each z a standard
   * normal draw (the ziggurat of data/ziggurat.ts) from the xoshiro128** state in the four int32
   * words at `state` (seeded with `normalState`), which it advances. Same state, same draws, per
   * engine — and across engines unless exp or log round a rare wedge or tail decision differently.
   */
  noisyMean(g: number, count: number, scale: number, divisor: number, state: number): void
}
