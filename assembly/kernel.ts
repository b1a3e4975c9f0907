// AssemblyScript source of the training engine's WebAssembly kernel (f32x4 SIMD).
//
// Compiled by `npm run build:wasm` (scripts/build-wasm.ts) into src/runtime/engine/kernel-wasm.ts;
// never imported by the TypeScript build. Every function works on float32 matrices, row-major, at
// byte addresses in this module's memory; the JS side (src/runtime/engine/wasm-kernel.ts) owns the
// layout and grows the memory. No allocation happens here: the runtime is `stub`.
//
// Summation order is fixed (no threads, no data-dependent reordering), so a call gives the same bits
// for the same inputs on every machine that runs WebAssembly SIMD.

/** 64 bytes below the JS side's arena, for spilling a partial tile. */
const SCRATCH: usize = (__heap_base + 15) & ~15

/** Entries of the list of non-zero coefficients `accumulate` builds (8 bytes each). */
const LIST_CAP: i32 = 8192
/** The list: per non-zero coefficient, its value (f32) and the address of its matrix row (u32). */
const LIST: usize = SCRATCH + 64

/**
 * The ziggurat's tables, float64, as src/data/ziggurat.ts lays them out (`ZIGGURAT_TABLES`): the
 * layers' right edges X[0 … 128] (X[1] = R, where the tail starts), then f(X[i]), then
 * X[i+1] / X[i], then X[j % 128] signed by bit 7 of j (j < 256). The JS side copies them in when it creates an instance, so the constants have one
 * home. 8-byte aligned (LIST is 16-byte aligned and its size a multiple of 16).
 */
const ZIGGURAT: usize = LIST + <usize>(LIST_CAP << 3)
const ZIGGURAT_F: usize = 129 << 3
const ZIGGURAT_INSIDE: usize = 258 << 3
const ZIGGURAT_SIGNED: usize = 386 << 3
const ZIGGURAT_BYTES: usize = 642 << 3

/** Where the JS side writes the ziggurat's tables. */
export function zigguratTables(): usize {
  return ZIGGURAT
}

/** First byte the JS side may use for its buffers (after the static data and the scratch blocks). */
export function heapBase(): usize {
  return ZIGGURAT + ZIGGURAT_BYTES
}

/**
 * o[j] = (init ? init[j] : 0) + Σ_t coef[t·stride] · m[t·n + j] for j < n, skipping zero coefficients
 * (ReLU outputs and binary features are mostly zero, and skipping adds exactly nothing).
 * The common core of the dense forward pass (coef = one input row), the kernel gradient
 * (coef = one input column) and the backward error (coef = one error row).
 *
 * First the non-zero coefficients are listed with their matrix rows (a branch-free pass: which
 * ones are zero is close to random, and a mispredicted branch per coefficient and per tile cost
 * more than the products it skipped). Then columns go in tiles held in registers across the whole
 * list: 32, then 16, then one tile of the last 1–15 columns whose loads may read up to 15 floats
 * past the row (into the next row, or the arena's slack); those lanes are thrown away, never stored.
 * More than LIST_CAP coefficients are taken in chunks, each adding to o (a fixed order still).
 */
function accumulate(o: usize, init: usize, n: i32, coef: usize, stride: i32, count: i32, m: usize): void {
  const rowBytes = <usize>(n << 2)
  const strideBytes = <usize>(stride << 2)
  let start = 0
  let from = init
  do {
    const len = min(count - start, LIST_CAP)
    // Branch-free compaction: always write the entry, advance only past a non-zero one.
    let c = coef + <usize>start * strideBytes
    let row = m + <usize>start * rowBytes
    let e = LIST
    for (let t = 0; t < len; t++) {
      const x = load<f32>(c)
      store<f32>(e, x)
      store<u32>(e, <u32>row, 4)
      e += select<usize>(8, 0, x != 0)
      c += strideBytes
      row += rowBytes
    }
    const end = e
    let j = 0
    for (; j + 32 <= n; j += 32) tile8(o, from, j, end)
    for (; j + 16 <= n; j += 16) tile4(o, from, j, end, 16)
    if (j < n) tile4(o, from, j, end, n - j)
    from = o
    start += len
  } while (start < count)
}

/** 32 columns from column j, in eight registers, over the list up to `end`. */
// @ts-ignore: decorator
@inline
function tile8(o: usize, init: usize, j: i32, end: usize): void {
  const off = <usize>(j << 2)
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
  if (init != 0) {
    const p = init + off
    a0 = v128.load(p); a1 = v128.load(p, 16); a2 = v128.load(p, 32); a3 = v128.load(p, 48)
    a4 = v128.load(p, 64); a5 = v128.load(p, 80); a6 = v128.load(p, 96); a7 = v128.load(p, 112)
  }
  for (let e = LIST; e < end; e += 8) {
    const xv = v128.load32_splat(e)
    const row = <usize>load<u32>(e, 4) + off
    a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(row)))
    a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(row, 16)))
    a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(row, 32)))
    a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(row, 48)))
    a4 = f32x4.add(a4, f32x4.mul(xv, v128.load(row, 64)))
    a5 = f32x4.add(a5, f32x4.mul(xv, v128.load(row, 80)))
    a6 = f32x4.add(a6, f32x4.mul(xv, v128.load(row, 96)))
    a7 = f32x4.add(a7, f32x4.mul(xv, v128.load(row, 112)))
  }
  const p = o + off
  v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48)
  v128.store(p, a4, 64); v128.store(p, a5, 80); v128.store(p, a6, 96); v128.store(p, a7, 112)
}

/** `width` (1–16) columns from column j, in four registers; only `width` lanes are stored. */
// @ts-ignore: decorator
@inline
function tile4(o: usize, init: usize, j: i32, end: usize, width: i32): void {
  const off = <usize>(j << 2)
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0
  if (init != 0) {
    const p = init + off
    a0 = v128.load(p); a1 = v128.load(p, 16); a2 = v128.load(p, 32); a3 = v128.load(p, 48)
  }
  if (width <= 4) {
    for (let e = LIST; e < end; e += 8) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(e), v128.load(<usize>load<u32>(e, 4) + off)))
    }
  } else if (width <= 8) {
    for (let e = LIST; e < end; e += 8) {
      const xv = v128.load32_splat(e)
      const row = <usize>load<u32>(e, 4) + off
      a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(row)))
      a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(row, 16)))
    }
  } else if (width <= 12) {
    for (let e = LIST; e < end; e += 8) {
      const xv = v128.load32_splat(e)
      const row = <usize>load<u32>(e, 4) + off
      a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(row)))
      a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(row, 16)))
      a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(row, 32)))
    }
  } else {
    for (let e = LIST; e < end; e += 8) {
      const xv = v128.load32_splat(e)
      const row = <usize>load<u32>(e, 4) + off
      a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(row)))
      a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(row, 16)))
      a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(row, 32)))
      a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(row, 48)))
    }
  }
  const p = o + off
  if (width == 16) {
    v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48)
    return
  }
  // Spill to a scratch block and copy the valid lanes, so nothing past column n is written.
  v128.store(SCRATCH, a0); v128.store(SCRATCH, a1, 16); v128.store(SCRATCH, a2, 32); v128.store(SCRATCH, a3, 48)
  memory.copy(p, SCRATCH, <usize>(width << 2))
}

/** out[rows × n] = a[rows × k] · w[k × n] + b[n], then ReLU when `relu`. */
export function dense(a: usize, w: usize, b: usize, out: usize, rows: i32, k: i32, n: i32, relu: bool): void {
  const zero = f32x4.splat(0)
  for (let i = 0; i < rows; i++) {
    const o = out + <usize>((i * n) << 2)
    accumulate(o, b, n, a + <usize>((i * k) << 2), 1, k, w)
    if (relu) {
      let j = 0
      for (; j + 4 <= n; j += 4) v128.store(o + <usize>(j << 2), f32x4.max(v128.load(o + <usize>(j << 2)), zero))
      for (; j < n; j++) {
        const p = o + <usize>(j << 2)
        if (load<f32>(p) < 0) store<f32>(p, 0)
      }
    }
  }
}

/** Entries of the 4-row coefficient list `denseRows` builds in the same space as LIST (32 bytes each). */
const BLOCK_CAP: i32 = LIST_CAP >> 2

/**
 * out[rows × n] = a[rows × k] · w[k × n] + b[n], then ReLU when `relu`: the same sums as `dense`,
 * four rows at a time, for prediction (training keeps `dense`, whose bits its tests pin).
 *
 * Each weight row is loaded once per four input rows instead of once per row: the input index p
 * is listed (branch-free, as in `accumulate`) when any of the four rows has a non-zero there, with
 * the four values and the weight row's address; then columns go in tiles of 8 (4 rows × 2
 * registers), 4, and a last 1–3 (spilled through SCRATCH), over the list. A row gets the terms of
 * the others' non-zeros as x·w = ±0, which leaves its sum unchanged, so every answer has the bits
 * of `dense`'s (up to the sign of an exact zero). The last rows % 4 rows, and layers under 32
 * units wide, go through `dense`.
 */
export function denseRows(a: usize, w: usize, b: usize, out: usize, rows: i32, k: i32, n: i32, relu: bool): void {
  // Under 32 columns the listing below costs about as much as the products it would save.
  const blocked = n < 32 ? 0 : rows & ~3
  const rowBytes = <usize>(n << 2)
  const inBytes = <usize>(k << 2)
  for (let i = 0; i < blocked; i += 4) {
    const a0 = a + <usize>i * inBytes
    const o = out + <usize>i * rowBytes
    let start = 0
    let from = b
    let fromStride: usize = 0
    do {
      const len = min(k - start, BLOCK_CAP)
      let e = LIST
      let c = a0 + <usize>(start << 2)
      let row = w + <usize>start * rowBytes
      for (let t = 0; t < len; t++) {
        const x0 = load<f32>(c), x1 = load<f32>(c + inBytes), x2 = load<f32>(c + 2 * inBytes), x3 = load<f32>(c + 3 * inBytes)
        store<f32>(e, x0); store<f32>(e, x1, 4); store<f32>(e, x2, 8); store<f32>(e, x3, 12)
        store<u32>(e, <u32>row, 16)
        e += select<usize>(32, 0, (x0 != 0) | (x1 != 0) | (x2 != 0) | (x3 != 0))
        c += 4
        row += rowBytes
      }
      start += len
      const last = start >= k
      blockTiles(o, from, fromStride, rowBytes, n, e, relu && last)
      from = o
      fromStride = rowBytes
    } while (start < k)
  }
  if (blocked < rows) dense(a + <usize>blocked * inBytes, w, b, out + <usize>blocked * rowBytes, rows - blocked, k, n, relu)
}

/**
 * The column tiles of one 4-row block of `denseRows` over the list up to `end`: starting sums at
 * `init` (row r's at init + r·initStride: the bias with stride 0, or the rows' partial sums), results at o.
 */
function blockTiles(o: usize, init: usize, initStride: usize, rowBytes: usize, n: i32, end: usize, relu: bool): void {
  const zero = f32x4.splat(0)
  let j = 0
  for (; j + 8 <= n; j += 8) {
    const off = <usize>(j << 2)
    const p = init + off
    let s00 = v128.load(p), s01 = v128.load(p, 16)
    let s10 = v128.load(p + initStride), s11 = v128.load(p + initStride, 16)
    let s20 = v128.load(p + 2 * initStride), s21 = v128.load(p + 2 * initStride, 16)
    let s30 = v128.load(p + 3 * initStride), s31 = v128.load(p + 3 * initStride, 16)
    for (let e = LIST; e < end; e += 32) {
      const row = <usize>load<u32>(e, 16) + off
      const w0 = v128.load(row), w1 = v128.load(row, 16)
      let x = v128.load32_splat(e)
      s00 = f32x4.add(s00, f32x4.mul(x, w0)); s01 = f32x4.add(s01, f32x4.mul(x, w1))
      x = v128.load32_splat(e, 4)
      s10 = f32x4.add(s10, f32x4.mul(x, w0)); s11 = f32x4.add(s11, f32x4.mul(x, w1))
      x = v128.load32_splat(e, 8)
      s20 = f32x4.add(s20, f32x4.mul(x, w0)); s21 = f32x4.add(s21, f32x4.mul(x, w1))
      x = v128.load32_splat(e, 12)
      s30 = f32x4.add(s30, f32x4.mul(x, w0)); s31 = f32x4.add(s31, f32x4.mul(x, w1))
    }
    if (relu) {
      s00 = f32x4.max(s00, zero); s01 = f32x4.max(s01, zero); s10 = f32x4.max(s10, zero); s11 = f32x4.max(s11, zero)
      s20 = f32x4.max(s20, zero); s21 = f32x4.max(s21, zero); s30 = f32x4.max(s30, zero); s31 = f32x4.max(s31, zero)
    }
    const q = o + off
    v128.store(q, s00); v128.store(q, s01, 16)
    v128.store(q + rowBytes, s10); v128.store(q + rowBytes, s11, 16)
    v128.store(q + 2 * rowBytes, s20); v128.store(q + 2 * rowBytes, s21, 16)
    v128.store(q + 3 * rowBytes, s30); v128.store(q + 3 * rowBytes, s31, 16)
  }
  // The last 1–7 columns: one register per row, 4 columns at a time; loads may read up to 3 floats
  // past a row (lanes never stored).
  for (; j < n; j += 4) {
    const off = <usize>(j << 2)
    const p = init + off
    let s0 = v128.load(p), s1 = v128.load(p + initStride), s2 = v128.load(p + 2 * initStride), s3 = v128.load(p + 3 * initStride)
    for (let e = LIST; e < end; e += 32) {
      const wv = v128.load(<usize>load<u32>(e, 16) + off)
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(e), wv))
      s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(e, 4), wv))
      s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(e, 8), wv))
      s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(e, 12), wv))
    }
    if (relu) { s0 = f32x4.max(s0, zero); s1 = f32x4.max(s1, zero); s2 = f32x4.max(s2, zero); s3 = f32x4.max(s3, zero) }
    const q = o + off
    const width = n - j
    if (width >= 4) {
      v128.store(q, s0); v128.store(q + rowBytes, s1); v128.store(q + 2 * rowBytes, s2); v128.store(q + 3 * rowBytes, s3)
    } else {
      // Spill and copy the valid lanes, so nothing past column n (the next row's start) is written.
      const bytes = <usize>(width << 2)
      v128.store(SCRATCH, s0); v128.store(SCRATCH, s1, 16); v128.store(SCRATCH, s2, 32); v128.store(SCRATCH, s3, 48)
      memory.copy(q, SCRATCH, bytes); memory.copy(q + rowBytes, SCRATCH + 16, bytes)
      memory.copy(q + 2 * rowBytes, SCRATCH + 32, bytes); memory.copy(q + 3 * rowBytes, SCRATCH + 48, bytes)
    }
  }
}

/** gw[k × n] = aᵀ · dz (a: rows × k, dz: rows × n); gb[n] = column sums of dz. */
export function gradients(a: usize, dz: usize, gw: usize, gb: usize, rows: i32, k: i32, n: i32): void {
  for (let p = 0; p < k; p++) accumulate(gw + <usize>((p * n) << 2), 0, n, a + <usize>(p << 2), k, rows, dz)
  memory.fill(gb, 0, <usize>(n << 2))
  for (let i = 0; i < rows; i++) {
    const r = dz + <usize>((i * n) << 2)
    let j = 0
    for (; j + 4 <= n; j += 4) v128.store(gb + <usize>(j << 2), f32x4.add(v128.load(gb + <usize>(j << 2)), v128.load(r + <usize>(j << 2))))
    for (; j < n; j++) store<f32>(gb + <usize>(j << 2), load<f32>(gb + <usize>(j << 2)) + load<f32>(r + <usize>(j << 2)))
  }
}

/**
 * dh[rows × k] = (dz · wᵀ) ⊙ [h > 0]: the error at a hidden layer's output, through its ReLU
 * (h is that layer's activation, rows × k; w the next layer's kernel, k × n). dh may be h itself.
 *
 * wᵀ is written to `wt` (n × k scratch) first, so each row is a sum of n rows of wᵀ over k columns
 * held in registers (the same tiles as the forward pass) instead of k short dot products with a
 * horizontal sum each; the row goes through `row` (k floats of scratch), so that dh can overwrite h.
 */
export function backDelta(dz: usize, w: usize, h: usize, dh: usize, rows: i32, k: i32, n: i32, wt: usize, row: usize): void {
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) store<f32>(wt + <usize>((j * k + p) << 2), load<f32>(w + <usize>((p * n + j) << 2)))
  }
  const zero = f32x4.splat(0)
  const k4 = k & ~3
  for (let i = 0; i < rows; i++) {
    accumulate(row, 0, k, dz + <usize>((i * n) << 2), 1, n, wt)
    const hr = h + <usize>((i * k) << 2)
    const out = dh + <usize>((i * k) << 2)
    let p = 0
    for (; p < k4; p += 4) {
      const off = <usize>(p << 2)
      v128.store(out + off, v128.and(v128.load(row + off), f32x4.gt(v128.load(hr + off), zero)))
    }
    for (; p < k; p++) {
      const off = <usize>(p << 2)
      store<f32>(out + off, load<f32>(hr + off) > 0 ? load<f32>(row + off) : 0)
    }
  }
}

/**
 * Turns logits z[rows × n] into the output error in place: dz = (s·softmax(z) − y) / rows, with
 * s = the row weights (`sums`, or 1 when it is 0). Returns Σ −y·log softmax(z) over the batch
 * (the un-averaged cross-entropy), computed only when `wantLoss`.
 */
export function softmaxError(z: usize, y: usize, sums: usize, rows: i32, n: i32, wantLoss: bool): f64 {
  let loss: f64 = 0
  const inv: f32 = <f32>1 / <f32>rows
  for (let i = 0; i < rows; i++) {
    const zr = z + <usize>((i * n) << 2)
    const yr = y + <usize>((i * n) << 2)
    let max = load<f32>(zr)
    for (let j = 1; j < n; j++) max = Mathf.max(max, load<f32>(zr + <usize>(j << 2)))
    let sum: f32 = 0
    for (let j = 0; j < n; j++) sum += Mathf.exp(load<f32>(zr + <usize>(j << 2)) - max)
    const logSum = Mathf.log(sum)
    const s: f32 = sums != 0 ? load<f32>(sums + <usize>(i << 2)) : 1
    for (let j = 0; j < n; j++) {
      const p = zr + <usize>(j << 2)
      const lp = load<f32>(p) - max - logSum
      const yv = load<f32>(yr + <usize>(j << 2))
      if (wantLoss && yv != 0) loss -= <f64>(yv * lp)
      store<f32>(p, (s * Mathf.exp(lp) - yv) * inv)
    }
  }
  return loss
}

/** Softmax of each row of z[rows × n], in place (predictions). */
export function softmaxRows(z: usize, rows: i32, n: i32): void {
  for (let i = 0; i < rows; i++) {
    const zr = z + <usize>((i * n) << 2)
    let max = load<f32>(zr)
    for (let j = 1; j < n; j++) max = Mathf.max(max, load<f32>(zr + <usize>(j << 2)))
    let sum: f32 = 0
    for (let j = 0; j < n; j++) {
      const e = Mathf.exp(load<f32>(zr + <usize>(j << 2)) - max)
      store<f32>(zr + <usize>(j << 2), e)
      sum += e
    }
    const inv: f32 = <f32>1 / sum
    for (let j = 0; j < n; j++) store<f32>(zr + <usize>(j << 2), load<f32>(zr + <usize>(j << 2)) * inv)
  }
}

/**
 * One Adam step on `count` parameters (a multiple of 4 is not required): g += l2x2·w, then
 * m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², w −= mScale · m / (√v · vScale + ε).
 *
 * m and v below the smallest normal float32 are stored as 0. Why: a weight whose gradient is
 * always 0 (e.g. fed by a pixel that is 0 in every image) has its moments decay geometrically into
 * the subnormal range, where x86 arithmetic is 10–100× slower and WebAssembly cannot flush to zero
 * by itself; that made Adam most of a training step. The effect on w is nil: such an m moves w by
 * about 1e-38 · lr / ε, far below any weight's rounding step, and such a v is far below ε².
 */
export function adam(w: usize, g: usize, m: usize, v: usize, count: i32, l2x2: f32, b1: f32, b2: f32, mScale: f32, vScale: f32, eps: f32): void {
  const vl2 = f32x4.splat(l2x2), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2)
  const vc1 = f32x4.splat(<f32>1 - b1), vc2 = f32x4.splat(<f32>1 - b2)
  const vms = f32x4.splat(mScale), vvs = f32x4.splat(vScale), veps = f32x4.splat(eps)
  const tiny = f32x4.splat(MIN_NORMAL)
  let i = 0
  for (; i + 4 <= count; i += 4) {
    const off = <usize>(i << 2)
    const wv = v128.load(w + off)
    const gv = f32x4.add(v128.load(g + off), f32x4.mul(wv, vl2))
    let mv = f32x4.add(f32x4.mul(v128.load(m + off), vb1), f32x4.mul(gv, vc1))
    let vv = f32x4.add(f32x4.mul(v128.load(v + off), vb2), f32x4.mul(f32x4.mul(gv, gv), vc2))
    mv = v128.and(mv, f32x4.ge(f32x4.abs(mv), tiny))
    vv = v128.and(vv, f32x4.ge(vv, tiny))
    v128.store(m + off, mv)
    v128.store(v + off, vv)
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), vvs), veps)
    v128.store(w + off, f32x4.sub(wv, f32x4.mul(f32x4.div(mv, denom), vms)))
  }
  for (; i < count; i++) {
    const off = <usize>(i << 2)
    const wv = load<f32>(w + off)
    const gv = load<f32>(g + off) + wv * l2x2
    let mv = load<f32>(m + off) * b1 + gv * (<f32>1 - b1)
    let vv = load<f32>(v + off) * b2 + gv * gv * (<f32>1 - b2)
    if (Mathf.abs(mv) < MIN_NORMAL) mv = 0
    if (vv < MIN_NORMAL) vv = 0
    store<f32>(m + off, mv)
    store<f32>(v + off, vv)
    store<f32>(w + off, wv - (mv / (Mathf.sqrt(vv) * vScale + eps)) * mScale)
  }
}

/** The smallest normal float32, 2⁻¹²⁶. */
const MIN_NORMAL: f32 = 1.1754943508222875e-38

/** One plain SGD step: w −= lr · (g + l2x2·w). */
export function sgd(w: usize, g: usize, count: i32, l2x2: f32, lr: f32): void {
  const vl2 = f32x4.splat(l2x2), vlr = f32x4.splat(lr)
  let i = 0
  for (; i + 4 <= count; i += 4) {
    const off = <usize>(i << 2)
    const wv = v128.load(w + off)
    v128.store(w + off, f32x4.sub(wv, f32x4.mul(f32x4.add(v128.load(g + off), f32x4.mul(wv, vl2)), vlr)))
  }
  for (; i < count; i++) {
    const off = <usize>(i << 2)
    const wv = load<f32>(w + off)
    store<f32>(w + off, wv - (load<f32>(g + off) + wv * l2x2) * lr)
  }
}

/** One add of `count` floats: dst[k] += src[k] (a Poisson sample larger than one pass sums its passes). */
export function addTo(dst: usize, src: usize, count: i32): void {
  let i = 0
  for (; i + 4 <= count; i += 4) {
    const off = <usize>(i << 2)
    v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)))
  }
  for (; i < count; i++) {
    const off = <usize>(i << 2)
    store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off))
  }
}

/** Σ x² over n floats at p (four lanes, then the lanes' sum, then the last n % 4). */
// @ts-ignore: decorator
@inline
function sumSquares(p: usize, n: i32): f32 {
  let s = f32x4.splat(0)
  let j = 0
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(p + <usize>(j << 2))
    s = f32x4.add(s, f32x4.mul(v, v))
  }
  let r = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3))
  for (; j < n; j++) {
    const x = load<f32>(p + <usize>(j << 2))
    r += x * x
  }
  return r
}

/**
 * DP-SGD's per-example gradient norms of one dense layer, without the gradients: record i's
 * kernel-and-bias gradient is the outer product aᵢ ⊗ dᵢ plus dᵢ, whose squared norm is
 * (‖aᵢ‖² + 1)·‖dᵢ‖². acc[i] += that, for a (rows × k, the layer's input) and d (rows × n, its error).
 */
export function ghostNorms(a: usize, d: usize, rows: i32, k: i32, n: i32, acc: usize): void {
  for (let i = 0; i < rows; i++) {
    const a2 = <f32>1 + sumSquares(a + <usize>((i * k) << 2), k)
    const d2 = sumSquares(d + <usize>((i * n) << 2), n)
    const p = acc + <usize>(i << 2)
    store<f32>(p, load<f32>(p) + a2 * d2)
  }
}

/** d[i × n + j] *= f[i]: each row of d (rows × n) times its own factor (DP-SGD's clipping). */
export function scaleRows(d: usize, rows: i32, n: i32, f: usize): void {
  for (let i = 0; i < rows; i++) {
    const s = load<f32>(f + <usize>(i << 2))
    const sv = f32x4.splat(s)
    const r = d + <usize>((i * n) << 2)
    let j = 0
    for (; j + 4 <= n; j += 4) v128.store(r + <usize>(j << 2), f32x4.mul(v128.load(r + <usize>(j << 2)), sv))
    for (; j < n; j++) store<f32>(r + <usize>(j << 2), load<f32>(r + <usize>(j << 2)) * s)
  }
}

const TWO_POW_MINUS_24: f64 = 5.9604644775390625e-8
const TWO_POW_32: f64 = 4294967296

/**
 * DP-SGD's noisy mean in place: g[k] = (g[k] + scale·z) / divisor for k < count, each z a standard
 * normal draw by the ziggurat of src/data/ziggurat.ts (the same algorithm, tables and generator,
 * so the same state gives the same draws as `addNormalNoise` there). The generator is xoshiro128**
 * on the 128-bit state at `state` (four u32), kept in locals through the loop and written back.
 */
export function noisyMean(g: usize, count: i32, scale: f64, divisor: f64, state: usize): void {
  let a = load<u32>(state), b = load<u32>(state, 4), c = load<u32>(state, 8), d = load<u32>(state, 12)
  const end = g + <usize>(count << 2)
  const inv = 1 / divisor
  for (let at = g; at < end; at += 4) {
    const u = rotl<u32>(b * 5, 7) * 9
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
    d = rotl<u32>(d, 11)
    const p = <f64>(u >>> 8) * TWO_POW_MINUS_24
    let z: f64
    // The sign from the signed table, not a branch: a branch on a random bit mispredicts half the time.
    if (p < load<f64>(ZIGGURAT + ZIGGURAT_INSIDE + (<usize>(u & 127) << 3))) {
      z = p * load<f64>(ZIGGURAT + ZIGGURAT_SIGNED + (<usize>(u & 255) << 3))
    } else {
      store<u32>(state, a); store<u32>(state, b, 4); store<u32>(state, c, 8); store<u32>(state, d, 12)
      z = rareDraw(state, u)
      a = load<u32>(state); b = load<u32>(state, 4); c = load<u32>(state, 8); d = load<u32>(state, 12)
    }
    store<f32>(at, <f32>((<f64>load<f32>(at) + scale * z) * inv))
  }
  store<u32>(state, a); store<u32>(state, b, 4); store<u32>(state, c, 8); store<u32>(state, d, 12)
}

/** The next 32 bits of the xoshiro128** state at `state`. */
function nextU32(state: usize): u32 {
  let a = load<u32>(state), b = load<u32>(state, 4), c = load<u32>(state, 8), d = load<u32>(state, 12)
  const u = rotl<u32>(b * 5, 7) * 9
  const t = b << 9
  c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
  d = rotl<u32>(d, 11)
  store<u32>(state, a); store<u32>(state, b, 4); store<u32>(state, c, 8); store<u32>(state, d, 12)
  return u
}

/**
 * The rest of a draw whose bits `u` did not land inside its layer: a wedge (accepted when a uniform
 * height falls under the density) or the tail; a rejection starts a fresh draw. The signed value.
 */
function rareDraw(state: usize, u: u32): f64 {
  while (true) {
    const i = <usize>(u & 127) << 3
    const p = <f64>(u >>> 8) * TWO_POW_MINUS_24
    const sign: f64 = (u & 128) != 0 ? -1 : 1
    const z = p * load<f64>(ZIGGURAT + i)
    if (p < load<f64>(ZIGGURAT + ZIGGURAT_INSIDE + i)) return sign * z
    if (i == 0) return sign * normalTail(state)
    const f0 = load<f64>(ZIGGURAT + ZIGGURAT_F + i), f1 = load<f64>(ZIGGURAT + ZIGGURAT_F + i, 8)
    if (f0 + (<f64>nextU32(state) / TWO_POW_32) * (f1 - f0) < Math.exp(-0.5 * z * z)) return sign * z
    u = nextU32(state)
  }
  return 0
}

/** A draw from the normal tail beyond R = X[1] (Marsaglia 1964); 1 − uniform is in (0, 1]. */
function normalTail(state: usize): f64 {
  const r = load<f64>(ZIGGURAT, 8)
  while (true) {
    const x = -Math.log(1 - <f64>nextU32(state) / TWO_POW_32) / r
    const y = -Math.log(1 - <f64>nextU32(state) / TWO_POW_32)
    if (2 * y >= x * x) return r + x
  }
  return 0
}
