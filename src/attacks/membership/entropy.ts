import type { Matrix } from '../../data/matrix.js'
import { answerAttack } from './attack.js'

/**
 * Entropy score (Salem et al., 2019; Song & Mittal, 2021): the negative Shannon entropy of the
 * answer, `score(x) = −H(p(x)) = Σ_k p_k(x) · log p_k(x)` (natural log, so in nats, ≤ 0).
 * Higher = more likely a member: training pushes the answers on members towards one-hot rows, whose
 * entropy is low. Needs no labels.
 *
 * `0 · log 0` is taken as 0 (its limit), so a row with exact zeros (float32 underflow, one-hot
 * answers) gets a finite score: a one-hot row scores 0, the uniform row over K classes `−log K`.
 *
 * One pass over the rows, written into `out` (one entry per row; default a new array), which is returned.
 *
 * @example
 * entropyScores({ data: new Float32Array([1, 0, 0.5, 0.5]), rows: 2, cols: 2 })
 * // Float64Array [0, −0.6931…]
 */
export function entropyScores(probabilities: Matrix, out: Float64Array = new Float64Array(probabilities.rows)): Float64Array {
  const { data, rows, cols } = probabilities
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let s = 0
    for (let c = o; c < o + cols; c++) {
      const p = data[c]
      // The guard skips both the 0 · log 0 = 0 · (−∞) = NaN case and the log call on the many
      // zeros of sharp answers.
      if (p > 0) s += p * Math.log(p)
    }
    out[r] = s
  }
  return out
}

/**
 * The entropy attack as a {@link MembershipAttack}: `score = Σ_k p_k log p_k` on the answers the
 * audit already has (no further queries, no labels, no attacker pool). Higher = more likely a member.
 */
export const entropyAttack = answerAttack('entropy', 'probabilities', 'Σ_k p_k(x) log p_k(x)', (answers, _labels, out) => entropyScores(answers, out))
