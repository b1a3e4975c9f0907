import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { aucOfGroups } from '../../../src/metrics/auc.js'
import { groupScores } from '../../../src/metrics/score-groups.js'
import { scoresInstance } from '../../../src/metrics/scores-module.js'
import { sortTaggedScores, WASM_MIN_SCORES, type TaggedScores } from '../../../src/metrics/tagged-scores.js'

const rng = createRng(21)
const draw = (n: number, f: () => number) => Float64Array.from({ length: n }, f)
const labelsOf = (n: number, classes: number) => Int32Array.from({ length: n }, () => rng.int(classes))

/** Sets above WASM_MIN_SCORES, so the default engine is WebAssembly, in the shapes scores take. */
const cases: Record<string, () => [Float64Array, Float64Array]> = {
  'float32 probabilities': () => [draw(3000, () => Math.fround(0.5 + rng.next() / 2)), draw(2500, () => Math.fround(0.4 + rng.next() / 2))],
  'log-losses of both signs, many exponents': () => [draw(2600, () => Math.log(rng.next() + 1e-12) + 1), draw(2600, () => Math.log(rng.next() + 1e-9))],
  'heavy ties, ±0, ±Infinity, subnormals': () => {
    const pick = () => [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1e308, 0.5, -0.5, 0.25][rng.int(10)]
    return [draw(2400, pick), draw(2900, pick)]
  },
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]))
}

function expectSame(a: TaggedScores, b: TaggedScores): void {
  expect(sameBits(a.groups.values, b.groups.values)).toBe(true)
  expect(Array.from(a.groups.members)).toEqual(Array.from(b.groups.members))
  expect(Array.from(a.groups.nonMembers)).toEqual(Array.from(b.groups.nonMembers))
  expect([a.groups.memberCount, a.groups.nonMemberCount]).toEqual([b.groups.memberCount, b.groups.nonMemberCount])
  expect(Array.from(a.counts)).toEqual(Array.from(b.counts))
  expect(sameBits(a.doubledU, b.doubledU)).toBe(true)
  expect(a.picked?.class).toBe(b.picked?.class)
  if (a.picked && b.picked) {
    expect(sameBits(a.picked.members, b.picked.members)).toBe(true)
    expect(sameBits(a.picked.nonMembers, b.picked.nonMembers)).toBe(true)
  }
}

describe('sortTaggedScores', () => {
  it('runs WebAssembly here (so the comparisons below are not of JS with itself), from WASM_MIN_SCORES scores on', () => {
    expect(scoresInstance(1)).not.toBeNull()
    expect(WASM_MIN_SCORES).toBeLessThanOrEqual(5000)
  })

  for (const [name, make] of Object.entries(cases)) {
    it(`gives the same bits in WebAssembly and in JS, and what each class alone gives (${name})`, () => {
      const [a, b] = make()
      const ya = labelsOf(a.length, 7), yb = labelsOf(b.length, 7)
      const before = [a, b, ya, yb].map((v) => v.slice())
      const pick = (counts: Int32Array) => (counts[2 * 3] > 0 ? 3 : undefined)
      const wasm = sortTaggedScores(a, b, ya, yb, { pick })
      const js = sortTaggedScores(a, b, ya, yb, { engine: 'js', pick })
      expectSame(wasm, js)
      // The groups are groupScores' of the two sides; each class's U is aucOfGroups' of its records.
      const whole = groupScores(a, b)
      expect(sameBits(wasm.groups.values, whole.values)).toBe(true)
      expect(Array.from(wasm.groups.members)).toEqual(Array.from(whole.members))
      for (let c = 0; c < 7; c++) {
        const ca = a.filter((_, i) => ya[i] === c), cb = b.filter((_, i) => yb[i] === c)
        expect([wasm.counts[2 * c], wasm.counts[2 * c + 1]]).toEqual([ca.length, cb.length])
        expect(wasm.doubledU[c] / (2 * ca.length * cb.length)).toBe(aucOfGroups(groupScores(ca, cb)))
      }
      expect(wasm.picked?.class).toBe(3)
      expect(sameBits(wasm.picked!.members, a.filter((_, i) => ya[i] === 3).sort())).toBe(true)
      expect(sameBits(wasm.picked!.nonMembers, b.filter((_, i) => yb[i] === 3).sort())).toBe(true)
      // The inputs are left as they were.
      expect([a, b, ya, yb]).toEqual(before)
    })
  }

  it('gives the same on a second call (the reused instance holds nothing of the first)', () => {
    const [a, b] = cases['float32 probabilities']()
    const ya = labelsOf(a.length, 3), yb = labelsOf(b.length, 3)
    const first = sortTaggedScores(a, b, ya, yb)
    sortTaggedScores(b, a, yb, ya)
    expectSame(sortTaggedScores(a, b, ya, yb), first)
  })

  it('leaves out picked when pick names no class', () => {
    const [a, b] = cases['float32 probabilities']()
    expect(sortTaggedScores(a, b, labelsOf(a.length, 2), labelsOf(b.length, 2)).picked).toBeUndefined()
  })

  it('names the side and index of a NaN in both engines, whatever its sign bit', () => {
    for (const engine of ['wasm', 'js'] as const) {
      const [a, b] = cases['float32 probabilities']()
      b[4000 - a.length] = Number.NaN
      expect(() => sortTaggedScores(a, b, labelsOf(a.length, 2), labelsOf(b.length, 2), { engine })).toThrow(/nonMemberScores.*NaN/)
      const [c, d] = cases['float32 probabilities']()
      new Uint32Array(c.buffer)[2 * 17 + 1] = 0xfff80000 // a NaN with the sign bit set
      expect(() => sortTaggedScores(c, d, labelsOf(c.length, 2), labelsOf(d.length, 2), { engine })).toThrow(/memberScores.*NaN/)
    }
  })

  it('refuses a negative label', () => {
    const [a, b] = cases['float32 probabilities']()
    const ya = labelsOf(a.length, 2)
    ya[5] = -1
    expect(() => sortTaggedScores(a, b, ya, labelsOf(b.length, 2))).toThrow('labels: expected non-negative class indices, found -1 at index 5')
  })
})
