import {
  componentsAuc, delongPairedTest, delongUnpairedTest, normalCdf, normalQuantile, type DelongComponents,
} from '../metrics/index.js'

/** How a difference was tested. */
export type ComparisonMethod = 'paired DeLong' | 'unpaired DeLong' | 'unpaired normal (intervals)'

/** One side of a comparison: a gate's value, its 95% interval and, for a membership AUC, its DeLong components. */
export interface MeasuredValue {
  gate: string
  value: number
  interval?: [number, number]
  pairing?: { records: string; members: number[]; nonMembers: number[] }
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
 * - any value with a 95% interval on both sides: an unpaired normal test, each standard error the
 *   interval's wider half-width / 1.96 (the other half may be clipped at 0 or 1);
 * - otherwise undefined (nothing to test with).
 */
export function testChange(base: MeasuredValue, head: MeasuredValue, sameVersion: boolean): ChangeTest | undefined {
  if (base.pairing && head.pairing) {
    const cb = components(base.pairing), ch = components(head.pairing)
    const differs = recordsDiffer(base.pairing, head.pairing)
    if (!differs && sameVersion) return { method: 'paired DeLong', ...pick(delongPairedTest(cb, ch)) }
    return { method: 'unpaired DeLong', ...pick(delongUnpairedTest(componentsAuc(cb), componentsAuc(ch))), note: differs ?? 'package versions differ' }
  }
  if (!base.interval || !head.interval) return undefined
  const standardError = Math.hypot(halfError(base.value, base.interval), halfError(head.value, head.interval))
  const difference = head.value - base.value
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Math.sign(difference) * Infinity
  const note = head.gate === 'membershipAuc' ? 'no DeLong components on one side' : undefined
  return { method: 'unpaired normal (intervals)', difference, standardError, z, p: 2 * normalCdf(-Math.abs(z)), ...(note ? { note } : {}) }
}

function pick(t: { difference: number; standardError: number; z: number; p: number }) {
  return { difference: t.difference, standardError: t.standardError, z: t.z, p: t.p }
}

/** What differs between the records of two sides, or undefined when they are the same. */
function recordsDiffer(b: NonNullable<MeasuredValue['pairing']>, h: NonNullable<MeasuredValue['pairing']>): string | undefined {
  const parts: string[] = []
  if (b.members.length !== h.members.length) parts.push(`members ${b.members.length} → ${h.members.length}`)
  if (b.nonMembers.length !== h.nonMembers.length) parts.push(`non-members ${b.nonMembers.length} → ${h.nonMembers.length}`)
  if (parts.length > 0) return `different records (${parts.join(', ')})`
  if (b.records !== h.records) return 'different records (same counts, different fingerprint)'
  return undefined
}

function components(p: NonNullable<MeasuredValue['pairing']>): DelongComponents {
  return { members: Int32Array.from(p.members), nonMembers: Int32Array.from(p.nonMembers) }
}

function halfError(value: number, [lo, hi]: [number, number]): number {
  return Math.max(value - lo, hi - value) / Z95
}
