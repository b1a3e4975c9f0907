import type { Matrix } from '../../data/matrix.js'
import { answerAttack } from './attack.js'
import { checkAnswerLabels } from './answer-labels.js'

/**
 * Smallest argument the modified-entropy score takes the log of. It lies below the smallest
 * positive float32 (≈ 1.4e-45), so only an exact 0 is clamped: `log p_y` with `p_y = 0`, or
 * `log(1 − p_k)` with `p_k = 1` (a one-hot answer on a wrong class). Each such log becomes
 * `log 1e-45 ≈ −103.6` instead of −∞, which keeps every score finite and leaves the ranking of all
 * other rows as it is. (Song & Mittal's own code clamps at 1e-30; with float32 answers that only
 * differs for p_y < 1e-30, which the lower floor keeps apart instead of tying.)
 */
export const MODIFIED_ENTROPY_FLOOR = 1e-45

const LOG_FLOOR = Math.log(MODIFIED_ENTROPY_FLOOR)

/**
 * Modified-entropy score (Song & Mittal, 2021, "Systematic evaluation of privacy risks of machine
 * learning models", Mentr): with `p = p(x)` and true label `y`,
 *
 *   Mentr(p, y) = −(1 − p_y) · log p_y − Σ_{k≠y} p_k · log(1 − p_k)
 *   score(x, y) = −Mentr(p, y) = (1 − p_y) · log p_y + Σ_{k≠y} p_k · log(1 − p_k)   (≤ 0)
 *
 * Higher = more likely a member. Unlike plain entropy it uses the label: it is 0 only for a one-hot
 * answer on the *true* class and falls monotonically as `p_y` falls, so a confident wrong answer
 * (low entropy, but a non-member pattern) scores low instead of high. Logs are clamped at
 * {@link MODIFIED_ENTROPY_FLOOR}; `0 · log(…)` terms are 0.
 *
 * One pass over the rows after a label check, written into `out` (one entry per row; default a new array), which is returned. Throws a `RangeError` when
 * `labels` does not have one entry per row or a label is not a column of `probabilities`.
 *
 * @example
 * modifiedEntropyScores({ data: new Float32Array([0.5, 0.5]), rows: 1, cols: 2 }, new Int32Array([0]))
 * // (1 − 0.5)·log 0.5 + 0.5·log 0.5 = log 0.5 ≈ −0.693
 */
export function modifiedEntropyScores(probabilities: Matrix, labels: Int32Array, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  checkAnswerLabels(probabilities, labels)
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    const y = labels[r]
    let s = 0
    for (let c = 0; c < cols; c++) {
      const p = data[o + c]
      if (c === y) {
        const lp = p > MODIFIED_ENTROPY_FLOOR ? Math.log(p) : LOG_FLOOR
        s += (1 - p) * lp
      } else if (p > 0) {
        // log1p(−p) keeps the precision of small p, where log(1 − p) would round 1 − p first;
        // p = 1 gives −∞, clamped.
        const l = Math.log1p(-p)
        s += p * (l > LOG_FLOOR ? l : LOG_FLOOR)
      }
    }
    out[r] = s
  }
  return out
}

/**
 * The modified-entropy attack as a {@link MembershipAttack}:
 * `score = (1 − p_y) log p_y + Σ_{k≠y} p_k log(1 − p_k)` on the answers the audit already has (no
 * further queries, no attacker pool). Higher = more likely a member.
 */
export const modifiedEntropyAttack = answerAttack(
  'modified-entropy',
  'probabilities',
  '(1 − p_y(x)) log p_y(x) + Σ_{k≠y} p_k(x) log(1 − p_k(x))',
  modifiedEntropyScores,
)
