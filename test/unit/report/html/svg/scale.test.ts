import { describe, expect, it } from 'vitest'
import { createScale } from '../../../../../src/report/html/svg/scale.js'

describe('createScale', () => {
  it('linear: maps the domain onto the range with nice ticks', () => {
    const s = createScale('linear', [0, 1], [50, 350])
    expect([s.map(0), s.map(0.5), s.map(1)]).toEqual([50, 200, 350])
    expect(s.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(s.format(0.4)).toBe('0.4')
    expect(createScale('linear', [0, 420], [0, 1]).ticks).toEqual([0, 100, 200, 300, 400])
  })

  it('log: decades as ticks; zero sits at the lower end', () => {
    const s = createScale('log', [0.001, 1], [300, 0])
    expect(s.ticks).toEqual([0.001, 0.01, 0.1, 1])
    expect(s.map(0)).toBe(300)
    expect(s.map(0.01)).toBeCloseTo(200, 9)
    expect(s.ticks.map(s.format)).toEqual(['0.001', '0.01', '0.1', '1'])
  })

  it('refuses an empty or non-positive log domain', () => {
    expect(() => createScale('linear', [1, 1], [0, 1])).toThrow(/lo < hi/)
    expect(() => createScale('log', [0, 1], [0, 1])).toThrow(/positive domain/)
  })
})
