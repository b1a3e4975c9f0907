import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { groupScores, groupSortedScores, groupTaggedScores } from '../../../src/metrics/score-groups.js'
import { randomCases } from './fixtures.js'

describe('groupScores', () => {
  it('merges both sets into ascending distinct values with per-side counts', () => {
    const g = groupScores(new Float64Array([0.9, 0.4]), new Float64Array([0.4, 0.1]))
    expect({ values: [...g.values], members: [...g.members], nonMembers: [...g.nonMembers] }).toEqual({
      values: [0.1, 0.4, 0.9], members: [0, 1, 1], nonMembers: [1, 1, 0],
    })
    expect([g.memberCount, g.nonMemberCount]).toEqual([2, 2])
  })

  for (const c of randomCases()) {
    it(`agrees with counting by a Map (${c.name})`, () => {
      const g = groupScores(c.members, c.nonMembers)
      const counts = new Map<number, [number, number]>()
      for (const v of c.members) { const e = counts.get(v) ?? [0, 0]; e[0]++; counts.set(v, e) }
      for (const v of c.nonMembers) { const e = counts.get(v) ?? [0, 0]; e[1]++; counts.set(v, e) }
      const keys = [...counts.keys()].sort((a, b) => a - b)
      expect([...g.values]).toEqual(keys)
      expect([...g.members]).toEqual(keys.map((k) => counts.get(k)![0]))
      expect([...g.nonMembers]).toEqual(keys.map((k) => counts.get(k)![1]))
    })
  }

  it('puts -0 and +0 in one group and keeps ±Infinity', () => {
    const g = groupScores(new Float64Array([0, -Infinity]), new Float64Array([-0, Infinity, -0]))
    expect([...g.values]).toEqual([-Infinity, 0, Infinity])
    expect([...g.members]).toEqual([1, 1, 0])
    expect([...g.nonMembers]).toEqual([0, 2, 1])
    expect(Object.is(g.values[1], 0)).toBe(true)
  })
})

describe('groupSortedScores', () => {
  it('groups sorted arrays as groupScores does, ties, -0 and both tails included', () => {
    const rng = createRng(4)
    for (const [n, m] of [[40, 7], [3, 50], [25, 25], [1, 1]]) {
      const a = new Float64Array(n).map(() => Math.round(rng.next() * 20) / 4 - 1)
      const b = new Float64Array(m).map(() => Math.round(rng.next() * 20) / 4 - 1)
      a[0] = -0
      expect(groupSortedScores(a.slice().sort(), b.slice().sort())).toEqual(groupScores(a, b))
    }
  })
})

describe('groupSortedScores and groupTaggedScores', () => {
  for (const c of randomCases()) {
    it(`give the groups of groupScores from two sorted sides or one tagged merge (${c.name})`, () => {
      const expected = groupScores(c.members, c.nonMembers)
      expect(groupSortedScores(c.members.slice().sort(), c.nonMembers.slice().sort())).toEqual(expected)
      // Merge by hand: all scores with their side in the low bit (members even, here tagged 2·index).
      const n = c.members.length
      const order = [...c.members, ...c.nonMembers].map((v, i) => ({ v, tag: i < n ? 2 * i : 2 * (i - n) + 1 })).sort((x, y) => x.v - y.v)
      const tagged = groupTaggedScores(Float64Array.from(order, (o) => o.v), Int32Array.from(order, (o) => o.tag), n, c.nonMembers.length)
      expect(tagged).toEqual(expected)
    })
  }

  it('puts -0 and +0 in one group, reported as +0', () => {
    const g = groupTaggedScores(new Float64Array([-1, -0, 0, -0, 2]), new Int32Array([0, 1, 0, 0, 1]), 3, 2)
    expect([...g.values]).toEqual([-1, 0, 2])
    expect(Object.is(g.values[1], 0)).toBe(true)
    expect([...g.members]).toEqual([1, 2, 0])
    expect([...g.nonMembers]).toEqual([0, 1, 1])
  })
})
