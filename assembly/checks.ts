// AssemblyScript source of the record and answer checks' WebAssembly module (f32x4 SIMD): the
// passes every audit makes over every feature it sends and every answer it gets.
//
// Compiled by `npm run build:wasm` (scripts/build-wasm.ts) into src/wasm/checks-wasm.ts; never
// imported by the TypeScript build. The JS side (src/wasm/checks.ts) copies a block of
// float32 values into this module's memory at `heapBase()` and calls one function on it; its JS
// twins (finiteSum in src/data/dataset.ts, checkProbabilityRows in src/targets/create-target.ts,
// maxByBits in src/attacks/membership/max-confidence.ts) give the same answers where SIMD is
// missing. No allocation happens here (runtime `stub`).

/** First byte the JS side may use. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15
}

/**
 * 1 when some of the `count` float32 values at `p` is NaN or ±Infinity (its exponent bits all
 * ones), else 0. Four vectors per step, OR-ed, one test at the end.
 */
export function nonFinite(p: usize, count: i32): i32 {
  const e = i32x4.splat(0x7f800000)
  let acc = i32x4.splat(0)
  let i = 0
  for (; i + 16 <= count; i += 16) {
    const a = p + (<usize>i << 2)
    const x0 = i32x4.eq(v128.and(v128.load(a), e), e), x1 = i32x4.eq(v128.and(v128.load(a, 16), e), e)
    const x2 = i32x4.eq(v128.and(v128.load(a, 32), e), e), x3 = i32x4.eq(v128.and(v128.load(a, 48), e), e)
    acc = v128.or(acc, v128.or(v128.or(x0, x1), v128.or(x2, x3)))
  }
  let bad = v128.any_true(acc) ? 1 : 0
  for (; i < count; i++) bad |= (load<i32>(p + (<usize>i << 2)) & 0x7f800000) == 0x7f800000 ? 1 : 0
  return bad
}

/**
 * The first of `rows` rows of `cols` float32 values at `p` that is not a probability row (values in
 * [0, 1], NaN failing both tests; their sum, in doubles and in column order, within `tolerance`
 * of 1), or -1. Four rows at a time, so their sums' additions overlap.
 */
export function probabilityRows(p: usize, rows: i32, cols: i32, tolerance: f64): i32 {
  const stride = <usize>cols << 2
  // A value out of range anywhere: find its row the slow way.
  if (!inUnitInterval(p, rows * cols)) return firstBadRow(p, 0, rows, cols, tolerance)
  let r = 0
  for (; r + 4 <= rows; r += 4) {
    const a = p + <usize>r * stride, b = a + stride, c = b + stride, d = c + stride
    let sa: f64 = 0, sb: f64 = 0, sc: f64 = 0, sd: f64 = 0
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2
      sa += <f64>load<f32>(a + o)
      sb += <f64>load<f32>(b + o)
      sc += <f64>load<f32>(c + o)
      sd += <f64>load<f32>(d + o)
    }
    if (!(Math.abs(sa - 1) <= tolerance && Math.abs(sb - 1) <= tolerance && Math.abs(sc - 1) <= tolerance && Math.abs(sd - 1) <= tolerance)) break
  }
  // The block of four with a bad row, or the last rows: one at a time.
  return firstBadRow(p, r, rows, cols, tolerance)
}

/** Whether each of `count` float32 values at `p` is in [0, 1] (NaN is not). */
function inUnitInterval(p: usize, count: i32): bool {
  const zero = f32x4.splat(0), one = f32x4.splat(1)
  let ok = i32x4.splat(-1)
  let i = 0
  for (; i + 8 <= count; i += 8) {
    const a = p + (<usize>i << 2)
    const x = v128.load(a), y = v128.load(a, 16)
    ok = v128.and(ok, v128.and(v128.and(f32x4.ge(x, zero), f32x4.le(x, one)), v128.and(f32x4.ge(y, zero), f32x4.le(y, one))))
  }
  if (!i32x4.all_true(ok)) return false
  for (; i < count; i++) {
    const v = load<f32>(p + (<usize>i << 2))
    if (!(v >= 0 && v <= 1)) return false
  }
  return true
}

/** The first of rows `from` … `rows` − 1 that is not a probability row, or -1. */
function firstBadRow(p: usize, from: i32, rows: i32, cols: i32, tolerance: f64): i32 {
  for (let r = from; r < rows; r++) if (!rowOk(p + <usize>r * (<usize>cols << 2), cols, tolerance)) return r
  return -1
}

function rowOk(a: usize, cols: i32, tolerance: f64): bool {
  let s: f64 = 0
  let ok = true
  for (let c = 0; c < cols; c++) {
    const v = <f64>load<f32>(a + (<usize>c << 2))
    ok = ok & (v >= 0) & (v <= 1)
    s += v
  }
  return ok && Math.abs(s - 1) <= tolerance
}

/**
 * Each of `rows` rows' largest value (of `cols` float32 at `p`) into `out` (float64), found on the
 * bits read as int32, which order as the values do for non-negative floats. Returns the OR of
 * every value's bits: negative when some value has its sign bit set, and the maxima are then wrong
 * (the JS side compares values instead). Four rows at a time.
 */
export function maxRows(p: usize, rows: i32, cols: i32, out: usize): i32 {
  const stride = <usize>cols << 2
  let signs = 0
  let r = 0
  for (; r + 4 <= rows; r += 4) {
    const a = p + <usize>r * stride, b = a + stride, c = b + stride, d = c + stride
    let ma = load<i32>(a), mb = load<i32>(b), mc = load<i32>(c), md = load<i32>(d)
    signs |= ma | mb | mc | md
    for (let j = 1; j < cols; j++) {
      const o = <usize>j << 2
      const va = load<i32>(a + o), vb = load<i32>(b + o), vc = load<i32>(c + o), vd = load<i32>(d + o)
      signs |= va | vb | vc | vd
      ma = select(va, ma, va > ma)
      mb = select(vb, mb, vb > mb)
      mc = select(vc, mc, vc > mc)
      md = select(vd, md, vd > md)
    }
    const at = out + (<usize>r << 3)
    store<f64>(at, <f64>reinterpret<f32>(ma))
    store<f64>(at, <f64>reinterpret<f32>(mb), 8)
    store<f64>(at, <f64>reinterpret<f32>(mc), 16)
    store<f64>(at, <f64>reinterpret<f32>(md), 24)
  }
  for (; r < rows; r++) {
    const a = p + <usize>r * stride
    let m = load<i32>(a)
    signs |= m
    for (let j = 1; j < cols; j++) {
      const v = load<i32>(a + (<usize>j << 2))
      signs |= v
      m = select(v, m, v > m)
    }
    store<f64>(out + (<usize>r << 3), <f64>reinterpret<f32>(m))
  }
  return signs
}
