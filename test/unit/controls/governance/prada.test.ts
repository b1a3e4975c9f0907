import { describe, expect, it } from 'vitest'
import { createPrada } from '../../../../src/controls/governance/prada.js'
import { createRng } from '../../../../src/data/rng.js'

const rng = createRng(7)
const natural = (n: number) => Array.from({ length: n }, () => Float32Array.from({ length: 8 }, () => rng.normal()))

describe('createPrada', () => {
  it('does not test before minDistances distances; the first query of each class only starts its set', () => {
    const p = createPrada({ minDistances: 10 })
    const rows = natural(10)
    rows.forEach((r, i) => p.observe(r, i % 2))
    expect(p.state()).toMatchObject({ queries: 10, distances: 8, w: null, flagged: false })
  })

  it('natural (Gaussian) queries keep W above 0.9; small steps from earlier queries drive it under', () => {
    const benign = createPrada()
    for (const r of natural(300)) benign.observe(r, 0)
    expect(benign.state().w).toBeGreaterThan(0.9)
    expect(benign.state().flagged).toBe(false)

    // Jacobian-augmentation-like stream: each seed followed by tiny steps from it.
    const attack = createPrada()
    const seeds = natural(30)
    let i = 0
    for (const s of seeds) {
      attack.observe(s, 0)
      for (let k = 0; k < 6; k++) attack.observe(s.map((v) => v + 0.01 * rng.normal()), 0)
      i++
    }
    const st = attack.state()
    expect(st.flagged).toBe(true)
    expect(st.flaggedAt).toBeGreaterThanOrEqual(100)
    expect(st.flaggedW).toBeLessThan(0.9)
  })

  it('stays flagged, and a stream of one repeated query (zero distances) is flagged', () => {
    const p = createPrada({ minDistances: 5 })
    const row = new Float32Array([1, 2, 3])
    for (let k = 0; k < 6; k++) p.observe(row, 0)
    expect(p.state()).toMatchObject({ flagged: true, flaggedAt: 6, flaggedW: 0 })
  })

  it('refuses bad settings', () => {
    expect(() => createPrada({ delta: 1.5 })).toThrow('detector.delta: expected a number in (0, 1), found 1.5')
    expect(() => createPrada({ minDistances: 2 })).toThrow('detector.minDistances: expected an integer ≥ 3 (Shapiro–Wilk needs 3 values), found 2')
  })
})
