import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { permutation, shuffleInPlace, splitSizes } from '../../../src/data/split.js'

describe('permutation', () => {
  it('is a permutation of 0..n-1, deterministic per seed', () => {
    const p = permutation(100, createRng(1))
    expect(p).toBeInstanceOf(Int32Array)
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(Array.from(permutation(100, createRng(1)))).toEqual(Array.from(p))
    expect(Array.from(permutation(100, createRng(2)))).not.toEqual(Array.from(p))
  })

  it('handles n = 0 and n = 1', () => {
    expect(permutation(0, createRng(0)).length).toBe(0)
    expect(Array.from(permutation(1, createRng(0)))).toEqual([0])
  })

  it('moves every element to every position about equally often', () => {
    const rng = createRng(4)
    const counts = new Array(4).fill(0)
    for (let t = 0; t < 4000; t++) counts[permutation(4, rng)[0]]++
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120)
  })
})

describe('shuffleInPlace', () => {
  it('shuffles a plain array in place and returns it', () => {
    const a = ['a', 'b', 'c', 'd', 'e']
    const out = shuffleInPlace(a, createRng(3))
    expect(out).toBe(a)
    expect([...a].sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('splitSizes', () => {
  it('cuts consecutive disjoint parts, with an optional rest', () => {
    const idx = permutation(10, createRng(0))
    const [a, b, rest] = splitSizes(idx, [3, 4], true)
    expect(Array.from(a)).toEqual(Array.from(idx.subarray(0, 3)))
    expect(Array.from(b)).toEqual(Array.from(idx.subarray(3, 7)))
    expect(Array.from(rest)).toEqual(Array.from(idx.subarray(7)))
    expect(splitSizes(idx, [3, 4])).toHaveLength(2)
    expect(splitSizes(idx, [10], true)[1].length).toBe(0)
  })

  it('returns copies, not views', () => {
    const idx = Int32Array.from([0, 1, 2])
    const [a] = splitSizes(idx, [2])
    a[0] = 99
    expect(idx[0]).toBe(0)
  })

  it('refuses sizes that add up to more than there is', () => {
    expect(() => splitSizes(new Int32Array(10), [6, 5])).toThrow(/split: asked for 6 \+ 5 = 11 rows, but only 10 are available/)
  })
})
