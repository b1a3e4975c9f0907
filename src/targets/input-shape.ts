import { DataError } from '../data/data-error.js'
import { checkRecordShape } from '../data/dataset.js'
import type { Matrix } from '../data/matrix.js'

// The one place that knows how a flat record row becomes a model's input tensor(s): the record
// shape, the model's declared input, image layouts and named integer inputs
// (docs/targets.md#record-shapes-layouts-and-named-inputs). Records stay flat float32 rows
// everywhere else.

/** Memory layout of an image input: channels last (`NHWC`, TensorFlow's) or first (`NCHW`, PyTorch's). */
export type Layout = 'NHWC' | 'NCHW'

/** Element type of a model input. Integer inputs (token ids, masks) are exact for |v| < 2^24. */
export type InputDtype = 'float32' | 'int32' | 'int64'

/** Largest magnitude (exclusive) an integer input may hold: float32 rows are exact only below it. */
export const MAX_EXACT_INT = 2 ** 24

/** One named model input fed from some columns of each record (API form: column indices). */
export interface NamedInput {
  /** Indices (0-based) of the record's columns, in the order the model reads them. */
  columns: readonly number[]
  /** Element type the model declares. Default `float32`. */
  dtype?: InputDtype
}

/** Shape options shared by the tfjs, ONNX and HTTP targets. */
export interface ShapeOptions {
  /**
   * Shape of one record, e.g. `[28, 28, 1]`; channels last for images. Its product is the row
   * width. Default: the model's declared input (a flat row when it declares `[batch, features]`).
   */
  recordShape?: readonly number[]
  /** Layout of the model's image input, when its declared shape cannot tell (`[N, 3, 3, 3]`). */
  layout?: Layout
  /** Several (or integer) inputs: each model input by name, with the record columns that feed it. */
  inputs?: Readonly<Record<string, NamedInput>>
}

/** A declared dimension: a positive number, or unknown (`null`, `-1`, a symbolic name). */
export type DeclaredDim = number | string | null | undefined

/** How one input tensor is built from a batch of flat rows. */
export interface InputFeed {
  /** Name of the model input (`undefined`: the only input, by position). */
  readonly name: string | undefined
  readonly dtype: InputDtype
  /** Per-record dims fed to the model (batch excluded); `undefined`: a flat `[n, cols]` row. */
  readonly dims: readonly number[] | undefined
  /** Record columns feeding this input; `undefined`: the whole row. */
  readonly columns: readonly number[] | undefined
  /** Channels-last records transposed to channels first: the record's `[h, w, c]`. */
  readonly transpose?: readonly [number, number, number]
  /** Values per record (the product of `dims`, or the column count), when known. */
  readonly width: number | undefined
}

/** One built input tensor: what an adapter hands to its runtime. */
export interface FedTensor {
  readonly name: string | undefined
  readonly dtype: InputDtype
  /** Full dims, batch first. */
  readonly dims: readonly number[]
  readonly data: Float32Array | Int32Array | BigInt64Array
}

const fmtShape = (dims: readonly DeclaredDim[]): string => `[${dims.map((d) => (known(d) === undefined ? (typeof d === 'string' && d !== '' ? d : '?') : String(d))).join(', ')}]`
const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1)

/** A declared dimension as a number, or `undefined` when unknown. */
export function known(d: DeclaredDim): number | undefined {
  return typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : undefined
}

/**
 * How flat rows feed one model input declared as `declared` (batch dimension first; `undefined`
 * when the model does not say). `recordShape` (channels last) and `layout` come from the options.
 * Rules, in order:
 *
 * - the model declares nothing: rows are sent as `[n, ...recordShape]`, or flat;
 * - `[batch, features]`: rows are sent flat; a record shape must hold `features` values;
 * - an image `[batch, a, b, c]`: NHWC when `[a, b, c]` is the record shape, NCHW (each record
 *   transposed from HWC to CHW) when `[a, b, c]` is `[c', h, w]` of it; when both readings fit
 *   and they differ, `layout` must say which. Without a record shape the layout is inferred when
 *   one end is a plausible channel count (≤ 4) smaller than the other end, and records are taken
 *   as channels last;
 * - any other rank: the record shape, when given, must equal the declared one.
 *
 * Throws a `RangeError` naming the record shape, the declared input and the first mismatching
 * dimension, or asking for `layout` / `recordShape` when the declaration is ambiguous.
 *
 * @example
 * planInput({ declared: [null, 1, 28, 28], recordShape: [28, 28, 1], where: 'target "m"', input: 'x' }).dims // [1, 28, 28]
 */
export function planInput(args: {
  declared: readonly DeclaredDim[] | undefined
  recordShape?: readonly number[]
  layout?: Layout
  where: string
  input: string
}): InputFeed {
  const { declared, layout, where, input } = args
  const R = args.recordShape === undefined ? undefined : checkRecordShape(args.recordShape, `${where}: options.recordShape`)
  const base = { name: undefined, dtype: 'float32' as const, columns: undefined }
  const of = `the model's input "${input}" ${declared === undefined ? '' : fmtShape(declared)}`.trimEnd()
  const record = R === undefined ? '' : `record shape ${fmtShape(R)} (${product(R)} values)`
  if (layout !== undefined && layout !== 'NHWC' && layout !== 'NCHW') {
    throw new RangeError(`${where}: options.layout: expected "NHWC" or "NCHW", found ${JSON.stringify(layout)}`)
  }
  if (declared === undefined || declared.length === 0) {
    if (R === undefined) return { ...base, dims: undefined, width: undefined }
    // Nothing declared (an HTTP endpoint): the record as it is, or channels first when told.
    if (layout === 'NCHW' && R.length === 3 && R[2] > 1) return { ...base, dims: [R[2], R[0], R[1]], width: product(R), transpose: [R[0], R[1], R[2]] }
    return { ...base, dims: [...R], width: product(R) }
  }
  const D = declared.slice(1)
  if (D.length === 1) {
    const f = known(D[0])
    if (R !== undefined && f !== undefined && product(R) !== f) {
      throw new RangeError(`${where}: ${record} does not fit ${of}: a flattened record has ${product(R)} values; the model takes ${f}`)
    }
    return { ...base, dims: undefined, width: f ?? (R === undefined ? undefined : product(R)) }
  }
  if (D.length === 3) return planImage(D, R, layout, where, of, record)
  if (layout !== undefined) throw new RangeError(`${where}: options.layout "${layout}" applies to image inputs [batch, a, b, c]; ${of} is not one`)
  if (R === undefined) {
    const dims = D.map(known)
    if (dims.some((d) => d === undefined)) throw new RangeError(`${where}: ${of} has dimensions of unknown size; declare the record shape (recordShape) to fill them`)
    return { ...base, dims: dims as number[], width: product(dims as number[]) }
  }
  const bad = firstMismatch(D, R)
  if (bad !== undefined) throw new RangeError(`${where}: ${record} does not fit ${of}: ${bad}`)
  return { ...base, dims: [...R], width: product(R) }
}

function planImage(D: readonly DeclaredDim[], R: readonly number[] | undefined, layout: Layout | undefined, where: string, of: string, record: string): InputFeed {
  const base = { name: undefined, dtype: 'float32' as const, columns: undefined }
  const build = (l: Layout, hwc: readonly number[]): InputFeed => {
    const [h, w, c] = hwc
    // One channel: HWC and CHW hold the same values in the same order, so no copy is needed.
    const dims = l === 'NHWC' ? [h, w, c] : [c, h, w]
    return { ...base, dims, width: h * w * c, ...(l === 'NCHW' && c > 1 ? { transpose: [h, w, c] as const } : {}) }
  }
  const asHwc = (l: Layout): DeclaredDim[] => (l === 'NHWC' ? [...D] : [D[1], D[2], D[0]])
  if (R !== undefined && R.length === 3) {
    const readings = (layout === undefined ? (['NHWC', 'NCHW'] as const) : [layout]).filter((l) => firstMismatch(asHwc(l), R) === undefined)
    if (readings.length === 0) {
      const l = layout ?? inferLayout(D.map((x) => known(x) ?? Infinity)) ?? 'NHWC'
      const how = l === 'NCHW' ? ' read as NCHW (records transposed from HWC)' : ''
      throw new RangeError(`${where}: ${record} does not fit ${of}${how}: ${firstMismatch(asHwc(l), R)}`)
    }
    const [a, b] = readings.map((l) => build(l, R))
    if (b !== undefined && (a.dims?.join() !== b.dims?.join() || a.transpose !== b.transpose)) {
      throw new RangeError(
        `${where}: ${record} fits ${of} both as NHWC and as NCHW; say which with layout: "NHWC" (channels last, TensorFlow) or "NCHW" (channels first, PyTorch)`,
      )
    }
    return build(readings[0], R)
  }
  if (R !== undefined) {
    // A flat (or other) record shape says nothing about layout: only its size is checked.
    const dims = D.map(known)
    if (dims.every((d) => d !== undefined) && product(dims as number[]) !== product(R)) {
      throw new RangeError(`${where}: ${record} does not fit ${of}: it holds ${product(dims as number[])} values per record; ${firstMismatch(D, R)}`)
    }
  }
  const dims = D.map(known)
  if (dims.some((d) => d === undefined)) {
    throw new RangeError(`${where}: ${of} has dimensions of unknown size; declare the record shape (recordShape, channels last, e.g. [28, 28, 1])`)
  }
  const l = layout ?? inferLayout(dims as number[])
  if (l === undefined) {
    throw new RangeError(
      `${where}: ${of} could be NHWC or NCHW; declare the record shape (recordShape, channels last) and, if both still fit, layout: "NHWC" or "NCHW"`,
    )
  }
  return build(l, asHwc(l) as number[])
}

/**
 * NCHW when the first per-record dimension is a plausible channel count (≤ 4) smaller than the
 * last, NHWC when the last is one smaller than the first; `undefined` when neither (`[3, 3, 3]`).
 */
function inferLayout(d: readonly number[]): Layout | undefined {
  if (d[0] <= 4 && d[0] < d[2]) return 'NCHW'
  if (d[2] <= 4 && d[2] < d[0]) return 'NHWC'
  // Same values either way (one channel, square): no transposition can differ.
  if (d[0] === 1 && d[2] === 1) return 'NHWC'
  return undefined
}

/** The first dimension where a record shape and a declared shape differ, in words; `undefined` when they fit. */
function firstMismatch(declared: readonly DeclaredDim[], R: readonly number[]): string | undefined {
  const n = Math.max(declared.length, R.length)
  for (let i = 0; i < n; i++) {
    const d = declared[i]
    const r = R[i]
    if (i >= declared.length) return `the record has ${R.length} dimensions, the model ${declared.length} per record (dimension ${i + 1} is ${r} in the record only)`
    if (i >= R.length) return `the record has ${R.length} dimensions, the model ${declared.length} per record (dimension ${i + 1} is ${fmtShape([d])} in the model only)`
    const k = known(d)
    if (k !== undefined && k !== r) return `record dimension ${i + 1} is ${r}; the model takes ${k} there`
  }
  return undefined
}

/**
 * The feeds of a model with several (or integer) named inputs: one per entry of `inputs`, each
 * planned against its declared shape (no record shape: its columns are one flat record part).
 * Checks the names exist, the columns are valid indices, and int64 inputs are declared int64
 * when the model says.
 */
export function planNamedInputs(args: {
  inputs: Readonly<Record<string, NamedInput>>
  declared: ReadonlyMap<string, { dims: readonly DeclaredDim[] | undefined; type?: string }>
  where: string
}): InputFeed[] {
  const { inputs, declared, where } = args
  if (inputs === null || typeof inputs !== 'object' || Object.keys(inputs).length === 0) {
    throw new TypeError(`${where}: options.inputs: expected an object mapping each model input to { columns, dtype }, found ${inputs === null ? 'null' : typeof inputs}`)
  }
  const names = [...declared.keys()]
  const missing = names.filter((n) => !(n in inputs))
  if (declared.size > 0 && missing.length > 0) {
    throw new RangeError(`${where}: options.inputs: the model's input${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not mapped to columns`)
  }
  return Object.entries(inputs).map(([name, spec]) => {
    const at = `${where}: options.inputs.${name}`
    if (declared.size > 0 && !declared.has(name)) {
      throw new RangeError(`${at}: the model has no input "${name}"; its inputs are ${names.map((n) => `"${n}"`).join(', ')}`)
    }
    const columns = spec?.columns
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => Number.isInteger(c) && c >= 0)) {
      throw new RangeError(`${at}.columns: expected a non-empty array of column indices (integers ≥ 0)`)
    }
    const dtype = spec.dtype ?? 'float32'
    if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'int64') {
      throw new RangeError(`${at}.dtype: expected "float32", "int32" or "int64", found ${JSON.stringify(dtype)}`)
    }
    const d = declared.get(name)
    const modelType = d?.type === 'float' ? 'float32' : d?.type
    if (modelType !== undefined && modelType !== dtype) {
      throw new RangeError(`${at}.dtype: the model declares input "${name}" as ${modelType}, the mapping says ${dtype}`)
    }
    const plan = planInput({ declared: d?.dims, where, input: name })
    if (plan.width !== undefined && plan.width !== columns.length) {
      throw new RangeError(`${at}.columns: ${columns.length} columns map to input "${name}" ${fmtShape(d?.dims ?? [])}, which takes ${plan.width} values per record`)
    }
    return { ...plan, name, dtype, columns: [...columns], width: columns.length }
  })
}

/**
 * The tensors for one batch of flat rows: columns picked, records transposed to channels first
 * where planned, integer inputs converted (a fractional or too-large value is a {@link DataError}
 * naming the row of the query, the column and the input). `start` is the batch's first row in the
 * caller's query.
 *
 * @example
 * const [x] = feedBatch({ data, rows: 2, cols: 4 }, [planInput({ declared: [null, 1, 2, 2], where, input: 'x' })], 0, where)
 */
export function feedBatch(rows: Matrix, feeds: readonly InputFeed[], start: number, where: string): FedTensor[] {
  return feeds.map((f) => {
    const n = rows.rows
    let values: Float32Array
    let width: number
    if (f.columns === undefined) {
      values = rows.data
      width = rows.cols
    } else {
      width = f.columns.length
      const last = Math.max(...f.columns)
      if (last >= rows.cols) {
        throw new DataError(`${where}: input "${f.name ?? 'input'}" reads column ${last}, but the query's rows have ${rows.cols} columns (0..${rows.cols - 1})`)
      }
      values = new Float32Array(n * width)
      for (let r = 0; r < n; r++) {
        const o = r * rows.cols
        for (let j = 0; j < width; j++) values[r * width + j] = rows.data[o + f.columns[j]]
      }
    }
    if (f.transpose !== undefined) values = hwcToChw(values, n, f.transpose)
    const dims = [n, ...(f.dims ?? [width])]
    if (f.dtype === 'float32') return { name: f.name, dtype: f.dtype, dims, data: values }
    const out = f.dtype === 'int64' ? new BigInt64Array(values.length) : new Int32Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (!Number.isInteger(v) || Math.abs(v) >= MAX_EXACT_INT) {
        const r = Math.floor(i / width)
        const j = i % width
        const col = f.columns === undefined ? j : f.columns[j]
        const why = Number.isInteger(v) ? `an integer of magnitude ≥ 2^24, which float32 records cannot hold exactly` : 'a fractional value'
        throw new DataError(`${where}: query row ${start + r}, column ${col} (input "${f.name ?? 'input'}", ${f.dtype}): expected an integer below 2^24 in magnitude, found ${why}`)
      }
      out[i] = f.dtype === 'int64' ? BigInt(v) : v
    }
    return { name: f.name, dtype: f.dtype, dims, data: out as Int32Array | BigInt64Array }
  })
}

/**
 * Channels-last records `[n, h, w, c]` (flat) as channels-first `[n, c, h, w]` (a new array).
 *
 * @example
 * hwcToChw(new Float32Array([1, 2, 3, 4]), 1, [1, 2, 2]) // [1, 3, 2, 4]
 */
export function hwcToChw(src: Float32Array, n: number, [h, w, c]: readonly [number, number, number]): Float32Array {
  const out = new Float32Array(src.length)
  const size = h * w * c
  for (let r = 0; r < n; r++) {
    const o = r * size
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = o + (y * w + x) * c
        for (let k = 0; k < c; k++) out[o + k * h * w + y * w + x] = src[p + k]
      }
    }
  }
  return out
}

/**
 * One record as the JSON value an HTTP endpoint takes: nested arrays following the feed's dims
 * (a plain array for a flat row), or, with named inputs, an object of them.
 *
 * @example
 * recordValue(tensors, 0) // [[[0.1], [0.2]], [[0.3], [0.4]]] for a [2, 2, 1] record
 */
export function recordValue(tensors: readonly FedTensor[], r: number): unknown {
  const one = (t: FedTensor): unknown => {
    const per = t.dims.slice(1)
    const size = product(per)
    const flat = Array.from(t.data.subarray(r * size, (r + 1) * size) as ArrayLike<number | bigint>, Number)
    return nest(flat, per)
  }
  if (tensors.length === 1 && tensors[0].name === undefined) return one(tensors[0])
  return Object.fromEntries(tensors.map((t) => [t.name as string, one(t)]))
}

function nest(flat: number[], dims: readonly number[]): unknown {
  if (dims.length <= 1) return flat
  const step = product(dims.slice(1))
  const out: unknown[] = []
  for (let i = 0; i < dims[0]; i++) out.push(nest(flat.slice(i * step, (i + 1) * step), dims.slice(1)))
  return out
}
