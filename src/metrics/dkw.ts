/**
 * Half-width of the Dvoretzky–Kiefer–Wolfowitz band of one empirical CDF, with Massart's (1990)
 * tight constant: for n independent draws from any distribution F, P(sup_x |F̂ₙ(x) − F(x)| > ε) ≤
 * 2·exp(−2nε²), so with probability ≥ 1 − `alpha` the whole empirical CDF lies within
 * ε = √(ln(2/alpha) / (2n)) of F.
 *
 * Massart proved the bound for continuous F; it holds for every F (atoms, ties, discrete scores):
 * drawing X = F⁻¹(U) from uniforms U gives F̂ₙ(x) = Ĝₙ(F(x)) with Ĝₙ the uniforms' empirical CDF, so
 * sup_x |F̂ₙ(x) − F(x)| ≤ sup_u |Ĝₙ(u) − u|, the continuous case. Massart states it for
 * ε with 2·exp(−2nε²) ≤ 1; beyond that the bound exceeds 1 and holds trivially. No other condition:
 * valid at every n, no asymptotics.
 *
 * Throws a `RangeError` when `n` is not an integer ≥ 1 or `alpha` not strictly between 0 and 1.
 *
 * @example
 * dkwHalfWidth(100, 0.05)   // √(ln 40 / 200) ≈ 0.1358
 */
export function dkwHalfWidth(n: number, alpha: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n: expected an integer ≥ 1 (the sample size), found ${String(n)}`)
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`alpha: expected a significance level strictly between 0 and 1, found ${String(alpha)}`)
  }
  return Math.sqrt(Math.log(2 / alpha) / (2 * n))
}

/**
 * Confidence interval of a membership advantage from the DKW–Massart band (see {@link dkwHalfWidth}).
 *
 * The advantage is sup_t |TPR(t) − FPR(t)|, the two-sample Kolmogorov–Smirnov distance between the
 * member and non-member score distributions. With α = 1 − `level` spent half on each side, each
 * empirical CDF is within εₖ = √(ln(4/α) / (2k)) of its distribution (k = `memberCount` or
 * `nonMemberCount`) with probability ≥ 1 − α/2; on both events at once (probability ≥ 1 − α, by the
 * union bound, dependent or not) the triangle inequality gives |â − advantage| ≤ ε_n + ε_m. The
 * interval is [max(0, â − ε), min(1, â + ε)] with ε = ε_n + ε_m.
 *
 * Assumes what every interval of the audit assumes: members are independent draws from the member
 * distribution, non-members from the non-member one (the true advantage is that of these
 * distributions under this attack's scores).
 *
 * Why it replaced the percentile bootstrap in the membership summary:
 * - its coverage is guaranteed at every sample size and for any score distribution, where the
 *   percentile bootstrap of a maximum is unreliable near no leakage (the resampled maximum sits above
 *   the sample's, so the interval can miss the truth);
 * - it is deterministic: a gate on the interval's upper end cannot flip with the seed;
 * - it costs O(1) instead of 500 replicates of a branch and bound.
 * It is wider: the bootstrap's half-width shrinks like the advantage's own spread, this one is
 * distribution-free (docs/attacks.md#the-advantage-interval gives both on the digits example and the bench sets).
 *
 * Throws a `RangeError` when a count is not an integer ≥ 1, `level` not strictly between 0 and 1, or
 * `advantage` not in [0, 1].
 *
 * @example
 * dkwAdvantageInterval(0.1, 1000, 1000)   // ε = 2·√(ln 80 / 2000) ≈ 0.0936: [0.0064, 0.1936]
 */
export function dkwAdvantageInterval(advantage: number, memberCount: number, nonMemberCount: number, level = 0.95): [number, number] {
  if (typeof advantage !== 'number' || !(advantage >= 0 && advantage <= 1)) {
    throw new RangeError(`advantage: expected a value in [0, 1], found ${String(advantage)}`)
  }
  if (!Number.isInteger(memberCount) || memberCount < 1) {
    throw new RangeError(`memberCount: expected an integer ≥ 1, found ${String(memberCount)}`)
  }
  if (!Number.isInteger(nonMemberCount) || nonMemberCount < 1) {
    throw new RangeError(`nonMemberCount: expected an integer ≥ 1, found ${String(nonMemberCount)}`)
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`level: expected a confidence level strictly between 0 and 1, found ${String(level)}`)
  }
  const alphaEach = (1 - level) / 2
  const epsilon = dkwHalfWidth(memberCount, alphaEach) + dkwHalfWidth(nonMemberCount, alphaEach)
  return [Math.max(0, advantage - epsilon), Math.min(1, advantage + epsilon)]
}
