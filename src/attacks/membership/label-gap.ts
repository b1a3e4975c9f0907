import { argmaxAt, type Matrix } from '../../data/matrix.js'
import { answerAttack } from './attack.js'
import { checkAnswerLabels } from './answer-labels.js'

/**
 * Gap-attack score (Yeom et al., 2018; the label-only baseline of Choquette-Choo et al., 2021):
 * `score(x, y) = 1 if argmax_k p_k(x) = y, else 0`. Higher = more likely a member: a model is right
 * more often on the records it was trained on, and the attack's AUC is
 * ½ + ½ · (accuracy on members − accuracy on non-members), the train–test gap.
 *
 * Works on any answer: probability rows or the one-hot rows of a label-only interface. The score
 * takes two values only; the AUC counts the resulting ties as one half, so no tie-breaking is done
 * here. Ties inside a row go to the first largest entry (as `argmaxRows`), so a uniform row counts
 * as class 0.
 *
 * One pass over the rows, written into `out` (one entry per row; default a new array), which is returned. Throws a `RangeError` when
 * `labels` does not have one entry per row or a label is not a column of `answers`.
 *
 * @example
 * labelGapScores({ data: new Float32Array([0, 1, 1, 0]), rows: 2, cols: 2 }, new Int32Array([1, 1]))
 * // Float64Array [1, 0]
 */
export function labelGapScores(answers: Matrix, labels: Int32Array, out: Float64Array = new Float64Array(answers.rows)): Float64Array {
  const { data, rows, cols } = answers
  checkAnswerLabels(answers, labels)
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    const y = labels[r]
    out[r] = argmaxAt(data, o, cols) === y ? 1 : 0
  }
  return out
}

/**
 * The gap attack as a {@link MembershipAttack}: `score = [argmax p(x) = y]` on the answers the audit
 * already has (no further queries, no attacker pool). Needs labels only, so it runs behind a
 * label-only interface. Higher = more likely a member.
 */
export const labelGapAttack = answerAttack('label-gap', 'labels', '[argmax_k p_k(x) = y]', labelGapScores)
