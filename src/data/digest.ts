import { createHash } from 'node:crypto'
import type { DenseDataset } from './dataset.js'

/**
 * A short fingerprint (16 hex digits of SHA-256) of the record sets an audit scored (the members and
 * non-members, or one evaluation set): their shapes, float32 feature bytes and labels, in order. Two
 * reports with the same fingerprint scored the same records in the same order, which is what a
 * paired test needs; the fingerprint itself reveals no feature value.
 *
 * @example
 * recordsDigest(toDense(members, 'members'), toDense(nonMembers, 'nonMembers'))   // 'a3f09c…' (16 digits)
 * recordsDigest(toDense(evaluation, 'evaluation'))
 */
export function recordsDigest(...sets: DenseDataset[]): string {
  const h = createHash('sha256')
  for (const ds of sets) {
    const { data, rows, cols } = ds.x
    h.update(`${rows}x${cols}:`)
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    h.update(new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength))
  }
  return h.digest('hex').slice(0, 16)
}
