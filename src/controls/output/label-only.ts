import { argmaxAt, type Matrix } from '../../data/matrix.js'
import { createTarget } from '../../targets/create-target.js'
import { TargetAnswerError, type Target, type TargetLike } from '../../targets/target.js'
import { toTarget } from '../../targets/to-target.js'
import { found, type OutputControl } from './common.js'

/** Options of {@link labelOnly}. */
export interface LabelOnlyOptions {
  /**
   * Number of classes of the inner target, when known. Without it the control learns the width
   * from the inner target's first answer (a Target does not declare its classes) and creates its
   * label interface then; with it, an inner answer of another width is refused.
   */
  classes?: number
}

/**
 * Label-only output: returns only the predicted class (the argmax of the inner answer, lowest class
 * index on ties), as an interface with `outputMode: 'label'` whose answers are one-hot rows of
 * `classes` columns. Attacks that need probabilities (`max-confidence`, `loss`, `entropy`,
 * `modified-entropy`, `shadow`, `lira`, `rmia`) are refused against it.
 *
 * Accuracy cost: none — the argmax is the answer. What the caller loses is the confidence.
 *
 * Does NOT stop label-only attacks: `label-gap` (members are classified correctly more often) and
 * `label-noise` (members stay correct under input noise) still measure membership, and extraction
 * with hard labels still copies the model.
 *
 * The classes are fixed by `options.classes` or, without it, by the inner target's first non-empty
 * answer (the rows of that first query are sent to the inner target once; the label interface is
 * created from them). Until then a zero-row query answers a 0 × 0 matrix.
 *
 * @example
 * const t = labelOnly()(model)       // outputMode 'label', one-hot rows
 */
export function labelOnly(options: LabelOnlyOptions = {}): OutputControl {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`labelOnly: options: expected an object { classes? }, found ${found(options)}`)
  }
  const declared = options.classes
  if (declared !== undefined && (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 1)) {
    throw new RangeError(`labelOnly: classes: expected a positive integer, found ${found(declared)}`)
  }
  return (target: TargetLike): Target => {
    const inner = toTarget(target)
    const name = `${inner.name} | labelOnly()`
    // Answers of the first query, computed before the label interface existed (to learn its width).
    let primed: Matrix | undefined
    const make = (classes: number): Target =>
      createTarget(
        async (rows, { start }) => {
          const answer = primed ?? (await inner.query(rows))
          const offset = primed ? start : 0
          if (answer.cols !== classes) {
            throw new TargetAnswerError(
              `${name}: inner target answered ${answer.cols} classes, expected ${classes}` +
                (declared !== undefined ? ' (labelOnly options.classes)' : ' (as in its first answer)'),
            )
          }
          const labels = new Float32Array(rows.rows)
          for (let r = 0; r < rows.rows; r++) {
            const o = (offset + r) * classes
            labels[r] = argmaxAt(answer.data, o, classes)
          }
          return { data: labels, rows: rows.rows, cols: 1 }
        },
        { name, features: inner.features, outputMode: 'label', classes, batchSize: 'auto' },
      )
    let label: Target | undefined = declared === undefined ? undefined : make(declared)
    let first: Promise<unknown> | undefined

    const query = async (rows: Matrix): Promise<Matrix> => {
      if (label === undefined && first !== undefined) await first.catch(() => undefined)
      if (label !== undefined) return label.query(rows)
      if (rows !== null && typeof rows === 'object' && rows.rows === 0) return { data: new Float32Array(0), rows: 0, cols: 0 }
      const run = (async () => {
        const answer = await inner.query(rows)
        const created = make(answer.cols)
        primed = answer
        try {
          return await created.query(rows)
        } finally {
          primed = undefined
          label = created
        }
      })()
      first = run
      return run
    }
    return {
      name,
      features: inner.features,
      outputMode: 'label',
      query,
      get queryCount() {
        return label?.queryCount ?? 0
      },
    }
  }
}
