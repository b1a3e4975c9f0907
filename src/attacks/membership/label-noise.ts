import { argmaxAt, type Matrix } from '../../data/matrix.js'
import { createRng, type Rng } from '../../data/rng.js'
import type { AttackContext, AttackScores, MembershipAttack } from './attack.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { AttackSettings } from './types.js'
import { checkAnswerLabels } from './answer-labels.js'
import { checkAttackSettings } from './settings.js'

/** The checked `noise` and `copies` of {@link labelNoiseSettings}. */
export interface LabelNoiseSettings {
  noise: number
  copies: number
}

/**
 * Reads the label-noise settings, checked against the thresholds schema ({@link checkAttackSettings}):
 * `noise` > 0 (the standard deviation of the noise added to each feature, in the units of the
 * target's input) and `copies` an integer ≥ 1 (perturbed copies queried per audited record), each
 * defaulting to the schema's (`SCHEMA_DEFAULTS.AttackSettings`). Throws naming the setting, what was
 * expected and what was found.
 */
export function labelNoiseSettings(settings: AttackSettings = {}): LabelNoiseSettings {
  const s = checkAttackSettings(settings)
  return { noise: s.noise ?? SCHEMA_DEFAULTS.AttackSettings.noise, copies: s.copies ?? SCHEMA_DEFAULTS.AttackSettings.copies }
}

/**
 * Writes `copies` perturbed copies of every row of `x` into `dest` from row `destRow` on: copy `j`
 * of row `r` lands at row `destRow + r · copies + j` and is `x_r + noise · ε` with ε drawn from
 * `rng` (one standard normal per feature, in that order), rounded to float32 like every query.
 */
export function writeNoisyCopies(x: Matrix, copies: number, noise: number, rng: Rng, dest: Float32Array, destRow: number): void {
  const { data, rows, cols } = x
  let d = destRow * cols
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let j = 0; j < copies; j++) {
      for (let c = 0; c < cols; c++) dest[d++] = data[o + c] + noise * rng.normal()
    }
  }
}

/**
 * Noise-robustness score of the label-only attack of Choquette-Choo et al. (2021, "Label-only
 * membership inference attacks", the data-augmentation / noise attack), from labels only:
 *
 *   score(x, y) = [argmax f(x) = y] + ½ · (1/c) · Σ_{j=1..c} [argmax f(x + ε_j) = y]
 *
 * with `c` copies and ε_j the noise. Higher = more likely a member: a model is not only right more
 * often on its training records, its decision also survives more perturbation around them (they
 * sit further from the decision boundary). The first term is label-gap's score; the share of
 * robust copies is halved so that it only breaks label-gap's ties (a misclassified record, at most
 * 0.5, stays below every correctly classified one, at least 1), which makes the ranking a strict
 * refinement of label-gap's.
 *
 * `answers` holds one row per record (its unperturbed answer); `noisyAnswers` holds `rows · copies`
 * rows, copy `j` of record `r` at row `r · copies + j` (the layout of {@link writeNoisyCopies}).
 * Works on probability rows or the one-hot rows of a label-only interface (first largest entry on
 * ties). Throws a `RangeError` on mismatched sizes or a label outside the columns.
 *
 * @example
 * // one record of class 1, classified right, and 3 of its 4 noisy copies too: 1 + ½ · ¾ = 1.375
 * labelNoiseScores(answers, noisyAnswers, new Int32Array([1]), 4)
 */
export function labelNoiseScores(answers: Matrix, noisyAnswers: Matrix, labels: Int32Array, copies: number): Float64Array {
  const { rows, cols } = answers
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`copies: expected an integer ≥ 1, found ${show(copies)}`)
  checkAnswerLabels(answers, labels)
  if (noisyAnswers.rows !== rows * copies || noisyAnswers.cols !== cols) {
    throw new RangeError(
      `noisyAnswers: expected ${rows * copies} rows (${rows} records × ${copies} copies) of ${cols} columns, ` +
        `found ${noisyAnswers.rows} rows of ${noisyAnswers.cols}`,
    )
  }
  const out = new Float64Array(rows)
  const half = 0.5 / copies
  for (let r = 0, o = 0, n = 0; r < rows; r++, o += cols) {
    const y = labels[r]
    let robust = 0
    for (let j = 0; j < copies; j++, n += cols) if (argmaxAt(noisyAnswers.data, n, cols) === y) robust++
    // From the integer count (not a sum of fractions), so records with equal counts get
    // bit-identical scores and tie in the AUC as they should.
    out[r] = (argmaxAt(answers.data, o, cols) === y ? 1 : 0) + robust * half
  }
  return out
}

/**
 * Builds the perturbed copies of every member and non-member (members first), sends them to
 * `ctx.target.query` in one call — so they count in `queryCount`: exactly
 * (members + non-members) × `copies` rows, nothing else — and scores both sides with
 * {@link labelNoiseScores}. Noise is drawn from `createRng(ctx.seed)`, so the same seed gives the
 * same queries. The copies take (members + non-members) × copies × features × 4 bytes at once.
 */
async function scoreLabelNoise(ctx: AttackContext): Promise<AttackScores> {
  const { noise, copies } = labelNoiseSettings(ctx.settings)
  const m = ctx.members.x, n = ctx.nonMembers.x
  if (m.cols !== n.cols) {
    throw new RangeError(`nonMembers: rows have ${n.cols} features, but members has ${m.cols}`)
  }
  const rows = (m.rows + n.rows) * copies
  let data: Float32Array
  try {
    data = new Float32Array(rows * m.cols)
  } catch (err) {
    throw new RangeError(
      `label-noise: ${rows} perturbed rows of ${m.cols} features (${m.rows + n.rows} records × settings.copies = ${copies}) ` +
        `do not fit in one query; lower settings.copies or audit fewer records`,
      { cause: err },
    )
  }
  const rng = createRng(ctx.seed)
  writeNoisyCopies(m, copies, noise, rng, data, 0)
  writeNoisyCopies(n, copies, noise, rng, data, m.rows * copies)
  const noisy = await ctx.target.query({ data, rows, cols: m.cols })
  const split = m.rows * copies * noisy.cols
  const memberNoisy: Matrix = { data: noisy.data.subarray(0, split), rows: m.rows * copies, cols: noisy.cols }
  const nonMemberNoisy: Matrix = { data: noisy.data.subarray(split), rows: n.rows * copies, cols: noisy.cols }
  return {
    members: labelNoiseScores(ctx.memberAnswers, memberNoisy, ctx.members.y, copies),
    nonMembers: labelNoiseScores(ctx.nonMemberAnswers, nonMemberNoisy, ctx.nonMembers.y, copies),
  }
}

/**
 * The noise-robustness label-only attack as a {@link MembershipAttack}:
 * `score = [argmax f(x) = y] + ½ · share of c noisy copies x + N(0, noise²) still classified y`.
 * Settings: `noise` (default 0.1, in the units of the target's input) and `copies` (default 8).
 * Queries the target (members + non-members) × copies more times, in one call. Needs labels only,
 * no attacker pool. Higher = more likely a member.
 */
export const labelNoiseAttack: MembershipAttack = {
  id: 'label-noise',
  needs: 'labels',
  formula: '[argmax f(x) = y] + ½ · (1/c) Σ_j [argmax f(x + ε_j) = y], ε_j ~ N(0, noise² I)',
  score: scoreLabelNoise,
}

function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : v === undefined ? 'undefined' : JSON.stringify(v) ?? typeof v
}
