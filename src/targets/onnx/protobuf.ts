/**
 * Just enough of the protobuf wire format to write ONNX models (onnx/onnx.proto): the dense graphs
 * `fromTfModel` hands to onnxruntime, and the ONNX fixtures the scripts write without Python.
 */

/** Protobuf wire types used here. */
const VARINT = 0
const LEN = 2
const FIXED32 = 5

/**
 * One protobuf message under construction: fields are appended in call order and
 * {@link Message.encode} concatenates them. A class because the parts list is real state.
 *
 * @example
 * const opset = new Message().string(1, '').int(2, 13).encode()
 */
export class Message {
  private readonly parts: Uint8Array[] = []

  private tag(field: number, wire: number): void {
    this.parts.push(varint((field << 3) | wire))
  }

  /** Appends a varint field (a non-negative integer below 2^53). */
  int(field: number, value: number): this {
    this.tag(field, VARINT)
    this.parts.push(varint(value))
    return this
  }

  /** Appends a float32 field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, FIXED32)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.parts.push(b)
    return this
  }

  /** Appends a length-delimited field holding `value` as is. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LEN)
    this.parts.push(varint(value.length), value)
    return this
  }

  /** Appends a UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  /** Appends an embedded message field. */
  message(field: number, value: Message): this {
    return this.bytes(field, value.encode())
  }

  /** The message's bytes. */
  encode(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0)
    const out = new Uint8Array(total)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

/** Base-128 varint of a non-negative integer below 2^53. */
function varint(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`varint: expected a non-negative integer, found ${n}`)
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return Uint8Array.from(out)
}
