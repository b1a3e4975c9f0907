import type { ScoreGroups } from './score-groups.js'
import { expectScores } from './validate.js'

/**
 * Options of the bootstrap intervals. The randomness comes from the caller (`random`), so that the
 * metrics stay free of the package's generator and a seeded caller gets reproducible intervals.
 */
export interface BootstrapOptions {
  /** Bootstrap replicates (≥ 2). Default {@link DEFAULT_REPLICATES}, 500. */
  replicates?: number
  /** Confidence level, strictly between 0 and 1. Default 0.95. */
  level?: number
  /** Uniform generator on [0, 1), e.g. `createRng(seed).next`. The only source of randomness. */
  random: () => number
}

/**
 * Default number of bootstrap replicates: 500. At 95% each end of the interval then rests on the
 * 12–13 most extreme replicates, and its Monte Carlo error is small next to the interval's width
 * (the standard error of a 2.5% quantile is about 0.12 bootstrap standard deviations). The cost decides the choice: with the named
 * statistics a replicate takes O(log G) binomial draws (`tprAtFpr`) or a few hundred
 * (`advantage`: the branch and bound still has to resolve the flat top of the |TPR − FPR| curve),
 * whatever the number of records. On 100k + 100k continuous scores 500 replicates of the advantage
 * take about 40 ms (80 µs each), so a whole membership summary stays near 0.1 s; 1000 would add as
 * much again. With 2 × 600 records every statistic takes a few milliseconds either way.
 */
export const DEFAULT_REPLICATES = 500

/**
 * A statistic of resampled score groups: any function of the groups, or one of the two named
 * statistics that the bootstrap computes without drawing the whole resample (see {@link bootstrapGroups}).
 * - `'advantage'`: {@link advantageOfGroups} of each resample;
 * - `{ tprAtFpr: f }`: the `tpr` of {@link tprAtFprOfGroups}`(resample, f)`.
 */
export type GroupStatistic = ((groups: ScoreGroups) => number) | 'advantage' | { tprAtFpr: number }

/**
 * Stratified percentile bootstrap interval of any statistic of member and non-member scores:
 * each replicate draws `memberScores.length` members and `nonMemberScores.length` non-members with
 * replacement (the two sets separately, so both sizes stay fixed) and evaluates `statistic` on them;
 * the interval runs between the `(1 − level)/2` and `(1 + level)/2` quantiles of the replicate values
 * (linear interpolation between order statistics, as numpy's default percentile).
 *
 * Generic but O(n) draws plus one `statistic` call per replicate. For statistics of the ROC curve
 * prefer {@link bootstrapGroups}, which resamples counts per distinct score instead. The two arrays
 * handed to `statistic` are reused from one replicate to the next: it must not keep them.
 *
 * Throws a `TypeError` or `RangeError` naming the argument for a score array that is not a non-empty
 * `Float64Array`, for bad options, or when `statistic` returns NaN.
 *
 * @example
 * const [low, high] = bootstrapInterval(members, nonMembers, auc, { random: createRng(0).next })
 */
export function bootstrapInterval(
  memberScores: Float64Array,
  nonMemberScores: Float64Array,
  statistic: (memberScores: Float64Array, nonMemberScores: Float64Array) => number,
  options: BootstrapOptions,
): [number, number] {
  expectScores('memberScores', memberScores)
  expectScores('nonMemberScores', nonMemberScores)
  expectFunction('statistic', statistic)
  const { replicates, level, random } = checkOptions(options)
  const n = memberScores.length, m = nonMemberScores.length
  const a = new Float64Array(n), b = new Float64Array(m)
  const values = new Float64Array(replicates)
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) a[i] = memberScores[Math.floor(random() * n)]
    for (let j = 0; j < m; j++) b[j] = nonMemberScores[Math.floor(random() * m)]
    values[r] = statistic(a, b)
  }
  return percentileInterval(values, level)
}

/**
 * Stratified percentile bootstrap interval of a statistic of grouped scores (the result of
 * {@link groupScores}). A resample of the records is a multiset of the original scores, so it is
 * fully described by how many members and non-members land on each distinct value: a multinomial
 * draw over the groups, taken here as binomial splits down a balanced binary tree over the sorted
 * values (exactly the multinomial distribution). The interval is that of {@link bootstrapInterval}
 * (same sampling distribution, same percentile rule); only the cost differs:
 *
 * - a function `statistic` receives the full resample, O(G) binomial draws per replicate for G
 *   distinct values. The groups it sees keep every original value, some with zero counts, and are
 *   reused from one replicate to the next (it must not keep them);
 * - `'advantage'` draws only the subtrees that can still hold the maximum of |TPR − FPR| (branch and
 *   bound on the counts a subtree can add), and `{ tprAtFpr: f }` only the path down to where the FPR
 *   crosses f: O(log G) to a few hundred draws per replicate. Each replicate's value equals
 *   `advantageOfGroups` / `tprAtFprOfGroups(…, f).tpr` of the full resample bit for bit.
 *
 * Throws a `RangeError` for bad options, a level `f` outside (0, 1], or when a function statistic
 * returns NaN.
 *
 * @example
 * const groups = groupScores(members, nonMembers)
 * const [low, high] = bootstrapGroups(groups, 'advantage', { random: createRng(0).next })
 * bootstrapGroups(groups, { tprAtFpr: 0.01 }, { random: createRng(1).next, replicates: 1000 })
 * bootstrapGroups(groups, aucOfGroups, { random: createRng(2).next, level: 0.9 })   // any statistic, O(G) a replicate
 */
export function bootstrapGroups(groups: ScoreGroups, statistic: GroupStatistic, options: BootstrapOptions): [number, number] {
  const { replicates, level, random } = checkOptions(options)
  return bootstrapWith(new GroupResampler(groups, random), groups, statistic, replicates, level)
}

/** One statistic of {@link bootstrapGroupStatistics}, with its own uniform generator. */
export interface GroupStatisticRequest {
  statistic: GroupStatistic
  /** Uniform generator on [0, 1): this statistic's own random stream. */
  random: () => number
}

/**
 * {@link bootstrapGroups} of several statistics of the same groups, each on its own random stream:
 * element i of the result is exactly `bootstrapGroups(groups, requests[i].statistic, { ...options,
 * random: requests[i].random })`. The resampler's tables (prefix sums, the split probabilities of
 * every node, the original sample's best boundary) are built once for all of them, which on large
 * sets costs about as much as the replicates of one TPR level.
 *
 * Throws as {@link bootstrapGroups} does; `options.random` is not read.
 *
 * @example
 * const [adv, tpr] = bootstrapGroupStatistics(groups, [
 *   { statistic: 'advantage', random: createRng(0).next },
 *   { statistic: { tprAtFpr: 0.01 }, random: createRng(1).next },
 * ])
 */
export function bootstrapGroupStatistics(
  groups: ScoreGroups,
  requests: readonly GroupStatisticRequest[],
  options: Omit<BootstrapOptions, 'random'> = {},
): Array<[number, number]> {
  if (!Array.isArray(requests)) throw new TypeError('requests: expected an array of { statistic, random }')
  let resampler: GroupResampler | undefined
  return requests.map(({ statistic, random }, i) => {
    const { replicates, level } = checkOptions({ ...options, random })
    if (resampler === undefined) resampler = new GroupResampler(groups, random)
    else resampler.use(random)
    try {
      return bootstrapWith(resampler, groups, statistic, replicates, level)
    } catch (e) {
      if (e instanceof Error) e.message = `requests[${i}].${e.message}`
      throw e
    }
  })
}

function bootstrapWith(resampler: GroupResampler, groups: ScoreGroups, statistic: GroupStatistic, replicates: number, level: number): [number, number] {
  const values = new Float64Array(replicates)
  if (statistic === 'advantage') {
    for (let r = 0; r < replicates; r++) values[r] = resampler.next().advantage()
  } else if (typeof statistic === 'function') {
    const members = new Int32Array(groups.values.length), nonMembers = new Int32Array(groups.values.length)
    const resampled: ScoreGroups = {
      values: groups.values, members, nonMembers, memberCount: groups.memberCount, nonMemberCount: groups.nonMemberCount,
    }
    for (let r = 0; r < replicates; r++) {
      resampler.next().expand(members, nonMembers)
      values[r] = statistic(resampled)
    }
  } else if (statistic !== null && typeof statistic === 'object' && 'tprAtFpr' in statistic) {
    const f = statistic.tprAtFpr
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) {
      throw new RangeError(`statistic.tprAtFpr: expected a false-positive rate in (0, 1], found ${String(f)}`)
    }
    for (let r = 0; r < replicates; r++) values[r] = resampler.next().tprAtFpr(f)
  } else {
    throw new TypeError(`statistic: expected a function of ScoreGroups, 'advantage' or { tprAtFpr }, found ${String(statistic)}`)
  }
  return percentileInterval(values, level)
}

/**
 * One bootstrap resample of grouped scores, drawn lazily. Internal to the metrics (exported for the
 * tests only): a new resampler holds a fresh resample and `next()` starts another; in between,
 * `advantage()`, `tprAtFpr()` and `expand()` all read the *same* resample, each drawing only the
 * splits it needs and reusing those drawn before.
 *
 * The tree: node [lo, hi) of the ascending groups splits at mid = ⌊(lo + hi)/2⌋ into [lo, mid) and
 * the upper half [mid, hi). Every boundary 1 … G − 1 is the split point of exactly one node, so the
 * upper half's resampled counts are memoised by `mid`, stamped with the resample's number.
 */
export class GroupResampler {
  private readonly g: number
  private readonly n: number
  private readonly m: number
  /** Prefix sums of the original counts: cumMembers[k] = members in groups [0, k). */
  private readonly cumMembers: Float64Array
  private readonly cumNonMembers: Float64Array
  private readonly stamp: Int32Array
  private readonly upperMembers: Int32Array
  private readonly upperNonMembers: Int32Array
  /** Per node: log p, log(1 − p) of its binomial split (p ≤ ½), computed when first needed (0: not yet; both are < 0). */
  private readonly logsMembers: Float64Array
  private readonly logsNonMembers: Float64Array
  /** Boundary of the original sample's maximum |TPR − FPR| (0 when there is none); set by `findPeaks`. */
  private argmax = 0
  /**
   * Where each replicate's search starts: the original sample's best boundary, then the best of each
   * quarter of the boundaries whose |TPR − FPR| reaches half the maximum, larger first. Near AUC ½
   * the curve has several near-equal peaks and a resample's maximum may sit at any of them: a high
   * `best` found early lets the search prune more (about a sixth fewer splits on 2 × 100k scores).
   * Found on the first `advantage()` only: the TPR levels do not need them (a pass with two divisions
   * per group, the largest part of the tables on large sets).
   */
  private starts: Int32Array | undefined
  /** Number of the current resample: splits stamped with another number are not drawn yet. */
  private replicate = 1
  /**
   * The advantage search's pending nodes, depth first (lo, hi, t, f, ta, fa each): at most one
   * sibling per level waits, so 2 + 2 × the tree's depth entries suffice.
   */
  private readonly stack: Int32Array

  constructor(private readonly groups: ScoreGroups, private random: () => number) {
    const { members, nonMembers, memberCount, nonMemberCount } = groups
    const g = members.length
    this.g = g
    this.n = memberCount
    this.m = nonMemberCount
    this.cumMembers = new Float64Array(g + 1)
    this.cumNonMembers = new Float64Array(g + 1)
    for (let k = 0; k < g; k++) {
      this.cumMembers[k + 1] = this.cumMembers[k] + members[k]
      this.cumNonMembers[k + 1] = this.cumNonMembers[k] + nonMembers[k]
    }
    this.stamp = new Int32Array(g)
    this.upperMembers = new Int32Array(g)
    this.upperNonMembers = new Int32Array(g)
    this.logsMembers = new Float64Array(2 * g)
    this.logsNonMembers = new Float64Array(2 * g)
    this.stack = new Int32Array(6 * (2 + 2 * Math.ceil(Math.log2(g + 1))))
  }

  /** Sets `argmax` and `starts` from the original groups (see `starts`). */
  private findPeaks(): Int32Array {
    const { members, nonMembers, memberCount, nonMemberCount } = this.groups
    const g = this.g
    // The boundary where the original sample reaches its advantage (as advantageOfGroups finds it).
    let best = 0, tp = 0, fp = 0
    const quarterBest = new Float64Array(START_SEGMENTS), quarterAt = new Int32Array(START_SEGMENTS).fill(-1)
    for (let k = g - 1; k >= 0; k--) {
      tp += members[k]
      fp += nonMembers[k]
      const d = Math.abs(tp / memberCount - fp / nonMemberCount)
      if (d > best) { best = d; this.argmax = k }
      const q = Math.floor((k * START_SEGMENTS) / g)
      if (d > quarterBest[q]) { quarterBest[q] = d; quarterAt[q] = k }
    }
    const others = [...quarterAt.keys()]
      .filter((q) => quarterAt[q] >= 0 && quarterAt[q] !== this.argmax && quarterBest[q] >= best / 2)
      .sort((a, b) => quarterBest[b] - quarterBest[a] || a - b)
    this.starts = Int32Array.from([this.argmax, ...others.map((q) => quarterAt[q])])
    return this.starts
  }

  /** Draws every later resample from `random` (the tables built by the constructor are kept). */
  use(random: () => number): void {
    this.random = random
  }

  /** Starts a new resample (forgets every split drawn so far). */
  next(): this {
    this.replicate++
    return this
  }

  /** Draws (once per resample) how many of the node's `t` members and `f` non-members fall in its upper half. */
  private split(lo: number, mid: number, hi: number, t: number, f: number): void {
    if (this.stamp[mid] === this.replicate) return
    this.stamp[mid] = this.replicate
    const cm = this.cumMembers, cn = this.cumNonMembers
    this.upperMembers[mid] = this.binomialSplit(t, cm[hi] - cm[mid], cm[hi] - cm[lo], this.logsMembers, mid)
    this.upperNonMembers[mid] = this.binomialSplit(f, cn[hi] - cn[mid], cn[hi] - cn[lo], this.logsNonMembers, mid)
  }

  /**
   * Binomial(count, part / whole): how many of `count` draws land in a part holding `part` of the
   * `whole` original records. Draws the smaller side, so the probability used is at most ½; its
   * log p and log(1 − p), which the inversion method needs, are kept per node in `logs`.
   */
  private binomialSplit(count: number, part: number, whole: number, logs: Float64Array, node: number): number {
    if (count === 0 || part === 0) return 0
    if (part === whole) return count
    const upperIsSmall = 2 * part <= whole
    const p = (upperIsSmall ? part : whole - part) / whole
    let x: number
    if (count * p * (1 - p) < INVERSION_VARIANCE) {
      if (logs[2 * node] === 0) {
        logs[2 * node] = Math.log(p)
        logs[2 * node + 1] = Math.log1p(-p)
      }
      x = binomialInversion(count, p, logs[2 * node], logs[2 * node + 1], this.random)
    } else {
      x = binomialBtrs(count, p, this.random)
    }
    return upperIsSmall ? x : count - x
  }

  /** {@link advantageOfGroups} of the resample, drawing only the subtrees that may hold the maximum. */
  advantage(): number {
    const starts = this.starts ?? this.findPeaks()
    const n = this.n, m = this.m, target = this.argmax
    const upperMembers = this.upperMembers, upperNonMembers = this.upperNonMembers
    // The endpoints (0, 0) and (1, 1) contribute 0, the starting value.
    let best = 0
    // Start from the points on the paths to the original sample's peaks (`starts`): the resample's
    // maximum is usually close to one, so the search below can prune most of the tree at once.
    let lo = 0, hi = 0, t = 0, f = 0, ta = 0, fa = 0
    for (let s = 0; s < starts.length; s++) {
      const start = starts[s]
      lo = 0; hi = this.g; t = n; f = m; ta = 0; fa = 0
      while (hi - lo >= 2 && (t !== 0 || f !== 0)) {
        const mid = (lo + hi) >>> 1
        this.split(lo, mid, hi, t, f)
        const tu = upperMembers[mid], fu = upperNonMembers[mid]
        const d = Math.abs((ta + tu) / n - (fa + fu) / m)
        if (d > best) best = d
        if (start === mid) break
        if (start > mid) {
          lo = mid; t = tu; f = fu
        } else {
          hi = mid; ta += tu; fa += fu; t -= tu; f -= fu
        }
      }
    }
    // Depth-first search of the whole tree, node by node from an explicit stack (no recursion): a
    // node [lo, hi) holds t members and f non-members of the resample, and ta, fa lie above it. It
    // raises `best` to the largest |tp/n − fp/m| over the ROC points strictly inside the node.
    const stack = this.stack
    stack[0] = 0; stack[1] = this.g; stack[2] = n; stack[3] = m; stack[4] = 0; stack[5] = 0
    let sp = 6
    while (sp > 0) {
      sp -= 6
      lo = stack[sp]; hi = stack[sp + 1]; t = stack[sp + 2]; f = stack[sp + 3]; ta = stack[sp + 4]; fa = stack[sp + 5]
      if (hi - lo < 2 || (t === 0 && f === 0)) continue // no inner point, or all equal the point above
      // Inner points have ta ≤ tp ≤ ta + t and fa ≤ fp ≤ fa + f. Rounded division and subtraction
      // are monotone, so these bounds hold for the computed values too, and pruning never changes
      // the result.
      if ((ta + t) / n - fa / m <= best && (fa + f) / m - ta / n <= best) continue
      const mid = (lo + hi) >>> 1
      this.split(lo, mid, hi, t, f)
      const tu = upperMembers[mid], fu = upperNonMembers[mid]
      const d = Math.abs((ta + tu) / n - (fa + fu) / m) // the point at mid, as advantageOfGroups computes it
      if (d > best) best = d
      // The half containing the original best boundary first (pushed last): it most likely raises `best`.
      if (target >= mid) {
        sp = push(stack, sp, lo, mid, t - tu, f - fu, ta + tu, fa + fu)
        sp = push(stack, sp, mid, hi, tu, fu, ta, fa)
      } else {
        sp = push(stack, sp, mid, hi, tu, fu, ta, fa)
        sp = push(stack, sp, lo, mid, t - tu, f - fu, ta + tu, fa + fu)
      }
    }
    return best
  }

  /** The `tpr` of {@link tprAtFprOfGroups}`(resample, fpr)`, drawing one path down the tree. */
  tprAtFpr(fpr: number): number {
    const n = this.n, m = this.m
    // Invariant: every point at or above boundary hi has fp/m ≤ fpr (the start (0, 0) always does);
    // (ta, fa) is the one at hi, and the node [lo, hi) holds t members and f non-members. The answer
    // is tp at the last point with fp/m ≤ fpr (tp never decreases down the curve).
    let lo = 0, hi = this.g, t = n, f = m, ta = 0, fa = 0
    for (;;) {
      if (t === 0) return ta / n // no point in the node raises tp
      if (f === 0 || (fa + f) / m <= fpr) return (ta + t) / n // every point in the node qualifies
      if (hi - lo === 1) return ta / n // the node's only point is above the level
      const mid = (lo + hi) >>> 1
      this.split(lo, mid, hi, t, f)
      const tu = this.upperMembers[mid], fu = this.upperNonMembers[mid]
      if ((fa + fu) / m <= fpr) {
        ta += tu; fa += fu; t -= tu; f -= fu; hi = mid
      } else {
        t = tu; f = fu; lo = mid
      }
    }
  }

  /** Writes the full resample's counts per group (draws every split not drawn yet). */
  expand(members: Int32Array, nonMembers: Int32Array): void {
    this.fill(0, this.g, this.n, this.m, members, nonMembers)
  }

  private fill(lo: number, hi: number, t: number, f: number, members: Int32Array, nonMembers: Int32Array): void {
    if (t === 0 && f === 0) {
      members.fill(0, lo, hi)
      nonMembers.fill(0, lo, hi)
      return
    }
    if (hi - lo === 1) {
      members[lo] = t
      nonMembers[lo] = f
      return
    }
    const mid = (lo + hi) >>> 1
    this.split(lo, mid, hi, t, f)
    const tu = this.upperMembers[mid], fu = this.upperNonMembers[mid]
    this.fill(mid, hi, tu, fu, members, nonMembers)
    this.fill(lo, mid, t - tu, f - fu, members, nonMembers)
  }
}

/** Segments of the boundaries whose best point may start an advantage search (see `GroupResampler.starts`). */
const START_SEGMENTS = 4

/** Pushes one node on the advantage search's stack; returns the new stack pointer. */
function push(stack: Int32Array, sp: number, lo: number, hi: number, t: number, f: number, ta: number, fa: number): number {
  stack[sp] = lo; stack[sp + 1] = hi; stack[sp + 2] = t; stack[sp + 3] = f; stack[sp + 4] = ta; stack[sp + 5] = fa
  return sp + 6
}

/**
 * Binomial draws below this variance count·p·(1 − p) use inversion, above it BTRS: inversion takes
 * about 1.6·√variance steps of a few flops and one exp, BTRS two uniforms and often a log.
 */
const INVERSION_VARIANCE = 36

/**
 * One Binomial(count, p) draw for 0 < p ≤ ½ (exported for the tests): inversion from the mode when
 * the variance count·p·(1 − p) is small, otherwise Hörmann's BTRS transformed rejection (Hörmann
 * 1993, "The generation of binomial random variates", J. Stat. Comput. Simul. 46), as in
 * TensorFlow's and JAX's binomial samplers. Both are exact up to floating-point rounding.
 */
export function binomial(count: number, p: number, random: () => number): number {
  return count * p * (1 - p) < INVERSION_VARIANCE
    ? binomialInversion(count, p, Math.log(p), Math.log1p(-p), random)
    : binomialBtrs(count, p, random)
}

/**
 * Inversion of the CDF taken in the order mode, mode + 1, mode − 1, mode + 2, … (any fixed order of
 * the support inverts exactly; this one takes about 1.6·√(count·p·q) steps). `logP`, `logQ`: log p
 * and log(1 − p).
 */
function binomialInversion(count: number, p: number, logP: number, logQ: number, random: () => number): number {
  const mode = Math.floor((count + 1) * p)
  const atMode = Math.exp(logFactorial(count) - logFactorial(mode) - logFactorial(count - mode) + mode * logP + (count - mode) * logQ)
  const r = p / (1 - p)
  for (;;) {
    let u = random()
    if (u < atMode) return mode
    u -= atMode
    let up = mode, down = mode, fUp = atMode, fDown = atMode
    // Probabilities by their ratios f(k + 1)/f(k) = (count − k)/(k + 1)·r. A u beyond the (rounded)
    // total mass runs off both ends: draw again.
    while ((up < count && fUp > 0) || (down > 0 && fDown > 0)) {
      if (up < count) {
        fUp *= ((count - up) / (up + 1)) * r
        up++
        if (u < fUp) return up
        u -= fUp
      }
      if (down > 0) {
        fDown *= down / ((count - down + 1) * r)
        down--
        if (u < fDown) return down
        u -= fDown
      }
    }
  }
}

function binomialBtrs(count: number, p: number, random: () => number): number {
  const q = 1 - p
  const spq = Math.sqrt(count * p * q)
  const b = 1.15 + 2.53 * spq
  const a = -0.0873 + 0.0248 * b + 0.01 * p
  const c = count * p + 0.5
  const vr = 0.92 - 4.2 / b
  const alpha = (2.83 + 5.1 / b) * spq
  const mode = Math.floor((count + 1) * p)
  // Set up on the first slow-path test only: most draws are accepted by the box test.
  let h = NaN, lpq = 0
  for (;;) {
    const u = random() - 0.5
    const v = random()
    const us = 0.5 - Math.abs(u)
    const k = Math.floor((2 * a / us + b) * u + c)
    if (us >= 0.07 && v <= vr) return k
    if (k < 0 || k > count) continue
    if (Number.isNaN(h)) {
      h = logFactorial(mode) + logFactorial(count - mode)
      lpq = Math.log(p / q)
    }
    // Accept when log V·α/(a/us² + b) ≤ log f(k)/f(mode), f the binomial probabilities.
    if (Math.log(v * alpha / (a / (us * us) + b)) <= h - logFactorial(k) - logFactorial(count - k) + (k - mode) * lpq) return k
  }
}

const LOG_FACTORIAL_TABLE = 1024
const LOG_FACTORIALS = new Float64Array(LOG_FACTORIAL_TABLE)
for (let i = 2; i < LOG_FACTORIAL_TABLE; i++) LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1] + Math.log(i)

/** log k!: from a table below 1024, else Stirling's series (error < 1e-15 relative there). */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE) return LOG_FACTORIALS[k]
  const k1 = k + 1
  const k1sq = k1 * k1
  return (k + 0.5) * Math.log(k1) - k1 + HALF_LOG_2PI + (1 / 12 - (1 / 360 - 1 / 1260 / k1sq) / k1sq) / k1
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI)

/** The (1 − level)/2 and (1 + level)/2 quantiles of `values` (sorted in place), numpy's linear rule. */
function percentileInterval(values: Float64Array, level: number): [number, number] {
  values.sort()
  if (Number.isNaN(values[values.length - 1])) throw new RangeError('statistic: returned NaN on a bootstrap replicate')
  return [quantile(values, (1 - level) / 2), quantile(values, (1 + level) / 2)]
}

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q
  const i = Math.floor(h)
  if (i + 1 >= sorted.length) return sorted[sorted.length - 1]
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i])
}

function checkOptions(options: BootstrapOptions): { replicates: number; level: number; random: () => number } {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected { random, replicates?, level? }')
  const { replicates = DEFAULT_REPLICATES, level = 0.95, random } = options
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new RangeError(`options.replicates: expected an integer ≥ 2, found ${String(replicates)}`)
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`options.level: expected a confidence level strictly between 0 and 1, found ${String(level)}`)
  }
  expectFunction('options.random', random)
  return { replicates, level, random }
}

function expectFunction(name: string, value: unknown): void {
  if (typeof value !== 'function') throw new TypeError(`${name}: expected a function, found ${value === null ? 'null' : typeof value}`)
}
