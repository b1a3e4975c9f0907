import { DataError } from '../../data/data-error.js'
import { checkFiniteRows, type DenseDataset } from '../../data/dataset.js'
import type { DatasetChunk, DatasetStream } from '../../data/dataset-stream.js'
import { recordsHasher } from '../../data/digest.js'
import { sliceRows } from '../../data/matrix.js'
import { progress } from '../../runtime/progress.js'
import type { Target } from '../../targets/target.js'
import type { AnswerScorer, AttackScores } from './attack.js'

/**
 * Rows of an in-memory set sent to the target at once, in whole calls of the target
 * (`Target.rowsPerCall`: as many calls as fit, or one call when a call holds more): the feature
 * check and the target's own copy of the batch then read the rows while they are in cache (512 KiB
 * at 64 features), and no call is cut short.
 */
export const DENSE_CHUNK_ROWS = 2048

/** Members or non-members as the chunked audit reads them: held (views, no copy) or streamed from files. */
export type RecordSet =
  | { readonly what: 'members' | 'nonMembers'; readonly dense: DenseDataset }
  | { readonly what: 'members' | 'nonMembers'; readonly stream: DatasetStream }

/** What {@link scoreAnswersInChunks} returns: per attack, the scores of both sets; the labels; the classes. */
export interface ChunkedScores {
  scores: AttackScores[]
  labels: { members: Int32Array; nonMembers: Int32Array }
  classes: number
  /** The records' fingerprint (`recordsDigest`), when asked for. */
  records?: string
}

/**
 * Queries the target with the members, then the non-members, one chunk of rows at a time, and
 * scores each chunk's answers with every scorer as it arrives: only the scores (a Float64Array per
 * record and scorer) and the labels are kept, never the answers, and a streamed set is never held
 * whole. Each held chunk's features are checked (finite) just before its query; streamed chunks
 * were checked by their reader. Labels are checked against the target's classes as the answers
 * come. Progress (rows, with an ETA) covers both sets.
 */
export async function scoreAnswersInChunks(
  target: Target,
  sets: readonly [RecordSet, RecordSet],
  scorers: readonly AnswerScorer[],
  options: { digest: boolean },
): Promise<ChunkedScores> {
  const total = sets.reduce((n, s) => n + rowsOf(s), 0)
  const task = progress().start(`membership: querying ${target.name} and scoring`, total, 'records')
  const hasher = options.digest ? recordsHasher() : undefined
  const perSet: Array<{ scores: Float64Array[]; labels: Int32Array }> = []
  let classes = 0
  try {
    for (const set of sets) {
      const rows = rowsOf(set)
      const cols = 'dense' in set ? set.dense.x.cols : set.stream.features
      const scores = scorers.map(() => new Float64Array(rows))
      const labels = 'dense' in set ? set.dense.y : new Int32Array(rows)
      hasher?.begin(rows, cols)
      let seen = 0
      for await (const chunk of chunksOf(set, target)) {
        if ('dense' in set) checkFiniteRows(chunk.x, set.what, chunk.start)
        else labels.set(chunk.y, chunk.start)
        const answers = await target.query(chunk.x)
        if (classes === 0) classes = answers.cols
        checkChunkLabels(chunk, classes, set)
        // Each scorer writes straight into its scores of the whole set.
        for (let a = 0; a < scorers.length; a++) scorers[a](answers, chunk.y, scores[a].subarray(chunk.start, chunk.start + chunk.x.rows))
        hasher?.features(chunk.x.data)
        seen += chunk.x.rows
        task.tick(chunk.x.rows)
      }
      if (seen !== rows) throw new DataError(`${sourceOf(set)}: yielded ${seen} records, but announced ${rows} (did the file change while it was read?)`)
      hasher?.labels(labels)
      perSet.push({ scores, labels })
    }
  } finally {
    task.done()
  }
  const [m, n] = perSet
  return {
    scores: scorers.map((_, a) => ({ members: m.scores[a], nonMembers: n.scores[a] })),
    labels: { members: m.labels, nonMembers: n.labels },
    classes,
    ...(hasher ? { records: hasher.digest() } : {}),
  }
}

/** Rows of a held set per query: {@link DENSE_CHUNK_ROWS} in whole calls of the target, or one call. */
function chunkRows(target: Target, cols: number): number {
  const perCall = target.rowsPerCall?.(cols)
  // A hand-made Target may say anything: only a positive integer is taken.
  if (perCall === undefined || !Number.isInteger(perCall) || perCall < 1) return DENSE_CHUNK_ROWS
  return perCall * Math.max(1, Math.floor(DENSE_CHUNK_ROWS / perCall))
}

function rowsOf(set: RecordSet): number {
  return 'dense' in set ? set.dense.x.rows : set.stream.rows
}

function sourceOf(set: RecordSet): string {
  return 'dense' in set ? set.what : `${set.what} (${set.stream.source})`
}

async function* chunksOf(set: RecordSet, target: Target): AsyncGenerator<DatasetChunk> {
  if ('stream' in set) {
    yield* set.stream.chunks()
    return
  }
  const { x, y } = set.dense
  const step = chunkRows(target, x.cols)
  for (let start = 0; start < x.rows; start += step) {
    const end = Math.min(start + step, x.rows)
    yield { start, x: sliceRows(x, start, end), y: y.subarray(start, end) }
  }
}

/** Refuses (DataError) a label the target's answers cannot contain, naming the set (and file) and the row. */
function checkChunkLabels(chunk: DatasetChunk, classes: number, set: RecordSet): void {
  const { y, start } = chunk
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= classes) {
      const where = 'dense' in set ? `${set.what}.y[${start + i}]` : `${set.what}: ${set.stream.source}: row ${start + i}`
      throw new DataError(`${where}: label ${y[i]} is outside the target's classes 0..${classes - 1} (it returns ${classes} outputs)`)
    }
  }
}
