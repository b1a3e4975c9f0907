import {
  componentsAuc, delongPairedTest, delongUnpairedTest, mcnemarExactTest, normalCdf, normalQuantile, type DelongComponents,
} from '../metrics/index.js'
import type { MembershipPairing } from '../attacks/membership/types.js'
import type { RecordOutcomes } from '../gates/record.js'

/** How a difference was tested. */
export type ComparisonMethod = 'paired DeLong' | 'unpaired DeLong' | 'exact McNemar' | 'unpaired normal (intervals)'

/**
 * One side of a comparison: a gate's value, its 95% interval and what a paired test needs — a
 * membership AUC's DeLong components or a rate's per-record outcomes.
 */
export interface MeasuredValue {
  gate: string
  value: number
  interval?: [number, number]
  pairing?: MembershipPairing | RecordOutcomes
}

/** The test of `head − base`. */
export interface ChangeTest {
  method: ComparisonMethod
  difference: number
  standardError: number
  z: number
  /** Two-sided p-value. */
  p: number
  /** Why the paired test was not used. */
  note?: string
}

const Z95 = normalQuantile(0.975)

/**
 * Tests the change from `base` to `head` as well as what the two sides carry allows:
 *
 * - a membership AUC with DeLong components on both sides, on the same records (fingerprint and
 *   counts) and from the same package version (`sameVersion`): the paired DeLong test;
 * - one with components but other records or versions: the unpaired DeLong test, `note` saying why;
 * - a rate with per-record 0/1 outcomes on both sides, same records and version: the exact McNemar
 *   test on the discordant records (`standardError` the paired one, for confidence bounds);
 * - any value with a 95% interval on both sides: an unpaired normal test, each standard error the
 *   interval's wider half-width / 1.96 (the other half may be clipped at 0 or 1), `note` saying why
 *   a rate was not paired;
 * - otherwise undefined (nothing to test with).
 */
export function testChange(base: MeasuredValue, head: MeasuredValue, sameVersion: boolean): ChangeTest | undefined {
  const [ab, ah] = [aucPairing(base.pairing), aucPairing(head.pairing)]
  if (ab && ah) {
    const cb = components(ab), ch = components(ah)
    const differs = recordsDiffer([ab.members.length, ab.nonMembers.length], [ah.members.length, ah.nonMembers.length], ab.records, ah.records)
    if (!differs && sameVersion) return { method: 'paired DeLong', ...pick(delongPairedTest(cb, ch)) }
    return { method: 'unpaired DeLong', ...pick(delongUnpairedTest(componentsAuc(cb), componentsAuc(ch))), note: differs ?? 'package versions differ' }
  }
  const [ob, oh] = [outcomePairing(base.pairing), outcomePairing(head.pairing)]
  let note = head.gate === 'membershipAuc' ? 'no DeLong components on one side' : undefined
  if (ob && oh) {
    const differs = recordsDiffer([ob.outcomes.length], [oh.outcomes.length], ob.records, oh.records)
    if (!differs && sameVersion) return { method: 'exact McNemar', ...pick(mcnemarExactTest(bits(ob.outcomes), bits(oh.outcomes))) }
    note = differs ?? 'package versions differ'
  } else if (ob || oh) {
    note = 'no per-record outcomes on one side'
  }
  if (!base.interval || !head.interval) return undefined
  const standardError = Math.hypot(halfError(base.value, base.interval), halfError(head.value, head.interval))
  const difference = head.value - base.value
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Math.sign(difference) * Infinity
  return { method: 'unpaired normal (intervals)', difference, standardError, z, p: 2 * normalCdf(-Math.abs(z)), ...(note ? { note } : {}) }
}

function aucPairing(p: MeasuredValue['pairing']): MembershipPairing | undefined {
  return p && 'members' in p ? p : undefined
}

function outcomePairing(p: MeasuredValue['pairing']): RecordOutcomes | undefined {
  return p && 'outcomes' in p ? p : undefined
}

/** `'0110'` → [0, 1, 1, 0]. */
function bits(outcomes: string): Uint8Array {
  const out = new Uint8Array(outcomes.length)
  for (let i = 0; i < outcomes.length; i++) out[i] = outcomes.charCodeAt(i) - 48
  return out
}

function pick(t: { difference: number; standardError: number; z: number; p: number }) {
  return { difference: t.difference, standardError: t.standardError, z: t.z, p: t.p }
}

const COUNT_NAMES = [['members', 'non-members'], ['records']] as const

/** What differs between the records of two sides (counts, then fingerprint), or undefined when they are the same. */
function recordsDiffer(b: number[], h: number[], bRecords: string, hRecords: string): string | undefined {
  const names = b.length === 2 ? COUNT_NAMES[0] : COUNT_NAMES[1]
  const parts = names.flatMap((name, i) => (b[i] !== h[i] ? [`${name} ${b[i]} → ${h[i]}`] : []))
  if (parts.length > 0) return `different records (${parts.join(', ')})`
  if (bRecords !== hRecords) return 'different records (same counts, different fingerprint)'
  return undefined
}

function components(p: MembershipPairing): DelongComponents {
  return { members: Int32Array.from(p.members), nonMembers: Int32Array.from(p.nonMembers) }
}

function halfError(value: number, [lo, hi]: [number, number]): number {
  return Math.max(value - lo, hi - value) / Z95
}
