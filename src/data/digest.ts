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
  const h = recordsHasher()
  for (const ds of sets) {
    h.begin(ds.x.rows, ds.x.cols)
    h.features(ds.x.data)
    h.labels(ds.y)
  }
  return h.digest()
}

/** {@link recordsDigest} fed piece by piece, for records read in chunks. */
export interface RecordsHasher {
  /** Starts a set of `rows` records of `cols` features. */
  begin(rows: number, cols: number): void
  /** The next rows' features, in order (all of a set's features come before its labels). */
  features(data: Float32Array): void
  /** The set's labels, all at once, after its features. */
  labels(y: Int32Array): void
  /** The fingerprint: the same 16 digits as {@link recordsDigest} of the same sets. */
  digest(): string
}

/** A {@link RecordsHasher}: SHA-256 over the same bytes in the same order as {@link recordsDigest}. */
export function recordsHasher(): RecordsHasher {
  const h = createHash('sha256')
  return {
    begin: (rows, cols) => { h.update(`${rows}x${cols}:`) },
    features: (data) => { h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) },
    labels: (y) => { h.update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength)) },
    digest: () => h.digest('hex').slice(0, 16),
  }
}
