import { open, readFile, type FileHandle } from 'node:fs/promises'
import { DataError, unreadableFile } from './data-error.js'

/**
 * NumPy's `.npy` format (version 1.0–3.0), as NumPy, PyTorch (`tensor.numpy()`) and JAX
 * (`np.asarray(x)`) pipelines write it with `np.save`: a magic string, a header that is a Python
 * dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`), then the values in
 * C order. Small and exactly specified, so it is read here rather than through a dependency.
 */

/** The element types read, by their NumPy name. */
export type NpyDtype = 'float32' | 'float64' | 'bool' | 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64'

/** The typed array each {@link NpyDtype} is read into (`int64` values become doubles, checked exact). */
export type NpyData = Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array

/** A parsed `.npy` header. */
export interface NpyHeader {
  dtype: NpyDtype
  shape: number[]
  /** Byte offset of the first value. */
  dataOffset: number
  /** Bytes per value in the file. */
  itemSize: number
}

/** A whole `.npy` array: its type, shape and values in C (row-major) order. */
export interface NpyArray {
  dtype: NpyDtype
  shape: number[]
  data: NpyData
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

// NumPy descr (without byte order) → dtype and item size. `?` is NumPy's bool.
const DESCR: Record<string, [NpyDtype, number]> = {
  f4: ['float32', 4],
  f8: ['float64', 8],
  b1: ['bool', 1],
  '?': ['bool', 1],
  u1: ['uint8', 1],
  i1: ['int8', 1],
  i2: ['int16', 2],
  u2: ['uint16', 2],
  i4: ['int32', 4],
  u4: ['uint32', 4],
  i8: ['int64', 8],
}

/**
 * Parses the header at the start of `bytes` (at least the first 10 bytes plus the header). `file`
 * names the file in messages.
 *
 * @throws {DataError} not an .npy file, an unsupported element type, big-endian values, Fortran
 *   order, or a malformed header; each message names the file and says what to write instead.
 */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DataError(`${file}: not a NumPy .npy file (it does not start with "\\x93NUMPY"); write it with numpy.save`)
  }
  const major = bytes[6]
  if (major < 1 || major > 3) throw new DataError(`${file}: .npy format version ${major}.${bytes[7]} is not supported (expected 1.0–3.0)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lengthBytes = major === 1 ? 2 : 4
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : -1
  const start = 8 + lengthBytes
  if (headerLength < 0 || bytes.length < start + headerLength) throw new DataError(`${file}: the .npy header is truncated`)
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength))
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new DataError(`${file}: malformed .npy header (expected 'descr', 'fortran_order' and 'shape' keys)`)
  }
  const order = descr.length > 1 && '<>|='.includes(descr[0]) ? descr[0] : '|'
  const code = order === descr[0] ? descr.slice(1) : descr
  const known = DESCR[code]
  if (known === undefined) {
    throw new DataError(`${file}: element type '${descr}' is not supported; expected float32, float64, bool, (u)int8/16/32 or int64 (e.g. x.astype(np.float32))`)
  }
  if (order === '>' && known[1] > 1) throw new DataError(`${file}: big-endian values ('${descr}'); save little-endian (x.astype('<${code}'))`)
  if (fortran === 'True') throw new DataError(`${file}: Fortran-ordered array; save a C-ordered one (numpy.save(f, numpy.ascontiguousarray(x)))`)
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new DataError(`${file}: malformed .npy shape (${shapeText})`)
  return { dtype: known[0], shape, dataOffset: start + headerLength, itemSize: known[1] }
}

/** Number of values of an array of `shape` (1 for a scalar). */
export function npySize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/**
 * Reads a whole `.npy` file.
 *
 * @throws {DataError} as {@link parseNpyHeader}, and when the file holds fewer or more bytes than
 *   its shape needs, or an int64 value beyond ±2^53 (not exact as a double).
 * @example
 * const { shape, data } = await readNpy('members-x.npy') // shape [500, 784], Float32Array
 */
export async function readNpy(file: string): Promise<NpyArray> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw unreadableFile(file, e)
  })
  const header = parseNpyHeader(bytes, file)
  const count = npySize(header.shape)
  const expected = header.dataOffset + count * header.itemSize
  if (bytes.length !== expected) {
    throw new DataError(`${file}: holds ${bytes.length} bytes; its header (shape [${header.shape.join(', ')}], ${header.dtype}) needs ${expected}: the file is truncated or not what the header says`)
  }
  return { dtype: header.dtype, shape: header.shape, data: decode(bytes.subarray(header.dataOffset), header, count, file, 0) }
}

/** One chunk of rows from {@link npyRowChunks}. */
export interface NpyRowChunk {
  /** Index of the chunk's first row. */
  start: number
  /** Rows in this chunk. */
  rows: number
  /** The chunk's values, row-major (`rows × rowSize`). */
  data: NpyData
}

/**
 * Streams the rows (along the first axis) of a `.npy` file in chunks of at most `rowsPerChunk`,
 * never holding more than one chunk: for evaluation sets too large to read whole. Yields nothing
 * for an array with 0 rows.
 *
 * @throws {DataError} as {@link readNpy}; a truncated file is detected before the first chunk.
 * @example
 * for await (const chunk of npyRowChunks('non-members-x.npy', 4096)) consume(chunk.data)
 */
export async function* npyRowChunks(file: string, rowsPerChunk: number): AsyncGenerator<NpyRowChunk, NpyHeader> {
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`npyRowChunks: rowsPerChunk: expected a positive integer, found ${rowsPerChunk}`)
  const handle = await openNpy(file)
  try {
    const header = await headerOf(handle, file)
    if (header.shape.length === 0) throw new DataError(`${file}: holds a scalar; expected an array of rows`)
    const rows = header.shape[0]
    const rowBytes = npySize(header.shape.slice(1)) * header.itemSize
    const { size } = await handle.stat()
    if (size !== header.dataOffset + rows * rowBytes) {
      throw new DataError(`${file}: holds ${size} bytes; its header (shape [${header.shape.join(', ')}], ${header.dtype}) needs ${header.dataOffset + rows * rowBytes}: the file is truncated or not what the header says`)
    }
    for (let start = 0; start < rows; start += rowsPerChunk) {
      const n = Math.min(rowsPerChunk, rows - start)
      const buf = new Uint8Array(n * rowBytes)
      let got = 0
      while (got < buf.length) {
        const r = await handle.read(buf, got, buf.length - got, header.dataOffset + start * rowBytes + got)
        if (r.bytesRead === 0) throw new DataError(`${file}: ended early, at row ${start} (the file changed while it was read?)`)
        got += r.bytesRead
      }
      yield { start, rows: n, data: decode(buf, header, n * (rowBytes / header.itemSize), file, start * (rowBytes / header.itemSize)) }
    }
    return header
  } finally {
    await handle.close()
  }
}

/**
 * The header of a `.npy` file, read without its values (for a file's shape before streaming it).
 *
 * @throws {DataError} as {@link parseNpyHeader}, or naming a file that cannot be opened.
 */
export async function readNpyHeader(file: string): Promise<NpyHeader> {
  const handle = await openNpy(file)
  try {
    return await headerOf(handle, file)
  } finally {
    await handle.close()
  }
}

function openNpy(file: string): Promise<FileHandle> {
  return open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw unreadableFile(file, e)
  })
}

// The header sits in the first 64 kB (NumPy caps version 1 headers at 65,535 bytes).
async function headerOf(handle: FileHandle, file: string): Promise<NpyHeader> {
  const head = new Uint8Array(65536)
  const { bytesRead } = await handle.read(head, 0, head.length, 0)
  return parseNpyHeader(head.subarray(0, bytesRead), file)
}

/**
 * The `.npy` bytes of `array` (format 1.0, little-endian, C order): for fixtures and tests, and for
 * files handed to Python. `int64` is written from the doubles of `data`.
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const head = encodeNpyHeader(array.dtype, array.shape)
  const itemSize = head.itemSize
  const count = npySize(array.shape)
  if (array.data.length !== count) throw new RangeError(`encodeNpy: shape [${array.shape.join(', ')}] holds ${count} values, data has ${array.data.length}`)
  const total = head.bytes.length
  const out = new Uint8Array(total + count * itemSize)
  out.set(head.bytes)
  const body = new DataView(out.buffer, total)
  for (let i = 0; i < count; i++) {
    const v = Number(array.data[i])
    switch (array.dtype) {
      case 'float32': body.setFloat32(i * 4, v, true); break
      case 'float64': body.setFloat64(i * 8, v, true); break
      case 'bool': case 'uint8': body.setUint8(i, v); break
      case 'int8': body.setInt8(i, v); break
      case 'int16': body.setInt16(i * 2, v, true); break
      case 'uint16': body.setUint16(i * 2, v, true); break
      case 'int32': body.setInt32(i * 4, v, true); break
      case 'uint32': body.setUint32(i * 4, v, true); break
      case 'int64': body.setBigInt64(i * 8, BigInt(v), true); break
    }
  }
  return out
}

/**
 * The header of a `.npy` file of `dtype` and `shape` (magic, version 1.0, the padded dict), 64-byte
 * aligned as NumPy writes it, and the item size: a writer that streams rows appends
 * `npySize(shape) × itemSize` bytes of little-endian values after it.
 *
 * @example
 * const { bytes } = encodeNpyHeader('float32', [1_000_000, 64]) // then write the rows chunk by chunk
 */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): { bytes: Uint8Array; itemSize: number } {
  const code = Object.entries(DESCR).find(([k, [d]]) => d === dtype && k !== '?')
  if (code === undefined) throw new RangeError(`encodeNpy: unsupported dtype ${dtype}`)
  const [descr, itemSize] = [code[0], code[1][1]]
  const order = itemSize === 1 ? '|' : '<'
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '${order}${descr}', 'fortran_order': False, 'shape': ${dims}, }`
  // NumPy pads the header with spaces and ends it with a newline so the data start 64-byte aligned.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64
  header = header.padEnd(total - 10 - 1, ' ') + '\n'
  const bytes = new Uint8Array(total)
  bytes.set(MAGIC)
  bytes[6] = 1
  bytes[7] = 0
  new DataView(bytes.buffer).setUint16(8, header.length, true)
  bytes.set(new TextEncoder().encode(header), 10)
  return { bytes, itemSize }
}

// Copies the values out of `bytes` (which may be unaligned) into a typed array of the dtype.
function decode(bytes: Uint8Array, header: NpyHeader, count: number, file: string, firstIndex: number): NpyData {
  // A copy into a fresh buffer (Buffer#slice would share Node's pool): aligned and owned.
  const aligned = new Uint8Array(bytes.subarray(0, count * header.itemSize)).buffer
  switch (header.dtype) {
    case 'float32': return new Float32Array(aligned)
    case 'float64': return new Float64Array(aligned)
    case 'bool': {
      const out = new Uint8Array(aligned)
      const bad = out.findIndex((v) => v > 1)
      if (bad >= 0) throw new DataError(`${file}: value ${firstIndex + bad} is ${out[bad]}, not a bool (0 or 1)`)
      return out
    }
    case 'uint8': return new Uint8Array(aligned)
    case 'int8': return new Int8Array(aligned)
    case 'int16': return new Int16Array(aligned)
    case 'uint16': return new Uint16Array(aligned)
    case 'int32': return new Int32Array(aligned)
    case 'uint32': return new Uint32Array(aligned)
    case 'int64': {
      const wide = new BigInt64Array(aligned)
      const out = new Float64Array(count)
      for (let i = 0; i < count; i++) {
        const v = wide[i]
        if (v > 9007199254740991n || v < -9007199254740991n) throw new DataError(`${file}: value ${firstIndex + i} (an int64) is beyond ±2^53 and cannot be used exactly`)
        out[i] = Number(v)
      }
      return out
    }
  }
}
