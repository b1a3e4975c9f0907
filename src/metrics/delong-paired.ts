import { normalCdf } from './normal.js'
import { sortedCopy } from './score-groups.js'
import { countAtMost, countBelow } from './sorted-counts.js'

/**
 * DeLong's structural components (placement values) of one ROC curve, per record and in the
 * records' order, as exact integers: `members[i]` is 2·m·V10 of member i (non-members scored below
 * it counted twice, tied ones once) and `nonMembers[j]` is 2·n·V01 of non-member j (members above
 * it twice, tied once). They hold everything the paired DeLong test needs and no score: only how a
 * record ranks against the other group.
 */
export interface DelongComponents {
  /** 2·m·V10 per member, in the order of the member scores. */
  readonly members: Int32Array
  /** 2·n·V01 per non-member, in the order of the non-member scores. */
  readonly nonMembers: Int32Array
}

/** An AUC with its DeLong variance (as from {@link delongInterval} or {@link componentsAuc}). */
export interface AucWithVariance {
  auc: number
  variance: number
}

/** Result of {@link delongPairedTest} and {@link delongUnpairedTest}: head compared with base. */
export interface AucDifferenceTest {
  /** Which test: `paired` (correlated curves on the same records) or `unpaired` (independent samples). */
  test: 'paired' | 'unpaired'
  base: number
  head: number
  /** `head − base`. */
  difference: number
  /** Standard error of the difference. */
  standardError: number
  /** `difference / standardError`; ±Infinity when the error is 0 and the AUCs differ, 0 when they do not. */
  z: number
  /** Two-sided p-value, 2·Φ(−|z|). */
  p: number
}

/**
 * The structural components of the curve of `memberScores` against `nonMemberScores`, computed with
 * one sort of each side and a binary search per record (Sun & Xu 2014 obtain the same midrank
 * differences from three sorts). Throws like {@link groupScores} on a bad array.
 *
 * @example
 * delongComponents(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
 * // { members: [4, 3], nonMembers: [3, 4] }
 */
export function delongComponents(memberScores: Float64Array, nonMemberScores: Float64Array): DelongComponents {
  const a = sortedCopy('memberScores', memberScores)
  const b = sortedCopy('nonMemberScores', nonMemberScores)
  const n = a.length
  const members = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const x = memberScores[i]
    members[i] = countBelow(b, x) + countAtMost(b, x)
  }
  const nonMembers = new Int32Array(b.length)
  for (let j = 0; j < b.length; j++) {
    const y = nonMemberScores[j]
    nonMembers[j] = 2 * n - countBelow(a, y) - countAtMost(a, y)
  }
  return { members, nonMembers }
}

/**
 * The AUC and its DeLong variance from structural components; equal to {@link delongInterval}'s on
 * the scores they came from. Throws a `RangeError` when either side has fewer than 2 records.
 */
export function componentsAuc(c: DelongComponents): AucWithVariance {
  const { n, m } = sizes(c, 'components')
  const v10 = scaled(c.members, 2 * m)
  const v01 = scaled(c.nonMembers, 2 * n)
  const auc = mean(v10)
  return { auc, variance: sampleVariance(v10, auc) / n + sampleVariance(v01, auc) / m }
}

/**
 * The paired DeLong test of two correlated ROC curves (DeLong, DeLong & Clarke-Pearson 1988): the
 * same members and non-members, in the same order, scored by a base and a head model. The variance
 * of `AUC_head − AUC_base` is that of the per-record differences of placement values,
 * var(V10ʰ − V10ᵇ)/n + var(V01ʰ − V01ᵇ)/m, which is the contrast [1, −1] of DeLong's covariance
 * matrix without forming it.
 *
 * Throws a `RangeError` naming what differs when the two were not measured on the same counts of
 * members and non-members, or when a side has fewer than 2 records.
 *
 * @example
 * const t = delongPairedTest(delongComponents(baseMembers, baseNonMembers), delongComponents(headMembers, headNonMembers))
 * if (t.p < 0.05 && t.difference > 0) console.log('head leaks more')
 */
export function delongPairedTest(base: DelongComponents, head: DelongComponents): AucDifferenceTest {
  const { n, m } = sizes(base, 'base')
  const h = sizes(head, 'head')
  if (h.n !== n) throw new RangeError(`head: the paired test needs the same members as base, found ${h.n} members against ${n}`)
  if (h.m !== m) throw new RangeError(`head: the paired test needs the same non-members as base, found ${h.m} non-members against ${m}`)
  const d10 = new Float64Array(n)
  for (let i = 0; i < n; i++) d10[i] = (head.members[i] - base.members[i]) / (2 * m)
  const d01 = new Float64Array(m)
  for (let j = 0; j < m; j++) d01[j] = (head.nonMembers[j] - base.nonMembers[j]) / (2 * n)
  const baseAuc = mean(scaled(base.members, 2 * m))
  const headAuc = mean(scaled(head.members, 2 * m))
  const difference = mean(d10)
  const variance = sampleVariance(d10, difference) / n + sampleVariance(d01, mean(d01)) / m
  return outcome('paired', baseAuc, headAuc, difference, variance)
}

/**
 * The unpaired test of two AUCs measured on independent samples: z = (head − base)/√(var_b + var_h)
 * with each variance DeLong's. The fallback when the records of two runs differ.
 */
export function delongUnpairedTest(base: AucWithVariance, head: AucWithVariance): AucDifferenceTest {
  for (const [name, v] of [['base', base], ['head', head]] as const) {
    if (!Number.isFinite(v.auc) || !(v.variance >= 0)) {
      throw new RangeError(`${name}: expected a finite AUC and a variance ≥ 0, found auc ${v.auc}, variance ${v.variance}`)
    }
  }
  return outcome('unpaired', base.auc, head.auc, head.auc - base.auc, base.variance + head.variance)
}

function outcome(test: 'paired' | 'unpaired', base: number, head: number, difference: number, variance: number): AucDifferenceTest {
  const standardError = Math.sqrt(variance)
  // A zero error (perfect separation, identical rankings) makes any difference certain and none
  // meaningless; 0/0 would otherwise give NaN.
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Math.sign(difference) * Infinity
  return { test, base, head, difference, standardError, z, p: 2 * normalCdf(-Math.abs(z)) }
}

function sizes(c: DelongComponents, name: string): { n: number; m: number } {
  if (!(c?.members instanceof Int32Array) || !(c.nonMembers instanceof Int32Array)) {
    throw new TypeError(`${name}: expected DelongComponents { members: Int32Array, nonMembers: Int32Array }`)
  }
  const n = c.members.length, m = c.nonMembers.length
  if (n < 2) throw new RangeError(`${name}.members: the DeLong variance needs at least 2 members, found ${n}`)
  if (m < 2) throw new RangeError(`${name}.nonMembers: the DeLong variance needs at least 2 non-members, found ${m}`)
  return { n, m }
}

function scaled(counts: Int32Array, by: number): Float64Array {
  const out = new Float64Array(counts.length)
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / by
  return out
}

function mean(v: Float64Array): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i]
  return s / v.length
}

/** Sum of squared deviations from `centre` (the exact mean), over n − 1. */
function sampleVariance(v: Float64Array, centre: number): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += (v[i] - centre) * (v[i] - centre)
  return s / (v.length - 1)
}
