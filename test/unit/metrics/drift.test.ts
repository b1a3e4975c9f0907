import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ksTwoSample } from '../../../src/metrics/ks.js'
import { populationStabilityIndex } from '../../../src/metrics/psi.js'

// Made by make-scipy-tests-values.py (scipy.stats.ks_2samp, method 'auto' = exact at these sizes).
const values = JSON.parse(readFileSync(new URL('./scipy-tests-values.json', import.meta.url), 'utf8')) as {
  ks: Array<{ a: number[]; b: number[]; d: number; p: number }>
}

describe('ksTwoSample', () => {
  for (const { a, b, d, p } of values.ks) {
    it(`matches scipy.stats.ks_2samp for n = ${a.length}, ${b.length} (D exactly, p to 1e-9)`, () => {
      const r = ksTwoSample(a, b)
      expect(r.method).toBe('exact')
      expect(r.statistic).toBeCloseTo(d, 12)
      expect(Math.abs(r.pValue - p)).toBeLessThan(1e-9 + 1e-7 * p)
    })
  }

  // Made by make-scipy-kstwo-values.py: samples a[i] = i/n1, b[j] = shift + scale·j/n2, rebuilt here.
  const large = JSON.parse(readFileSync(new URL('./scipy-kstwo-values.json', import.meta.url), 'utf8')) as {
    ks2: Array<{ n1: number; n2: number; shift: number; scale: number; d: number; p: number }>
  }
  for (const { n1, n2, shift, scale, d, p } of large.ks2) {
    it(`matches scipy.stats.ks_2samp beyond the exact range: n = ${n1}, ${n2} (kstwo at round(n₁n₂/(n₁+n₂)), p to 1e-9)`, () => {
      const a = Array.from({ length: n1 }, (_, i) => i / n1)
      const b = Array.from({ length: n2 }, (_, j) => shift + (scale * j) / n2)
      const r = ksTwoSample(a, b)
      expect(r.method).toBe('asymptotic')
      expect(r.statistic).toBeCloseTo(d, 12)
      expect(Math.abs(r.pValue - p)).toBeLessThan(1e-9)
    })
  }

  it('is no longer Kolmogorov\'s limit above 10 000 values per sample (scipy ≥ 1.5 uses kstwo there)', () => {
    // /usr/bin/python3 -c "import numpy as np; from scipy import stats; a = np.arange(20000) / 20000;
    //   r = stats.ks_2samp(a, a + 0.01); print(r.statistic, r.pvalue, stats.kstwobign.sf(np.sqrt(10000) * r.statistic))"
    //   → 0.010050000000000003 0.26292342883085484 (kstwo at n = 10000) and 0.26467847216139107 (the limit)
    const a = Array.from({ length: 20000 }, (_, i) => i / 20000)
    const r = ksTwoSample(a, a.map((v) => v + 0.01))
    expect(r.statistic).toBeCloseTo(0.010050000000000003, 12)
    expect(r.pValue).toBeCloseTo(0.26292342883085484, 12)
    expect(Math.abs(r.pValue - 0.26467847216139107)).toBeGreaterThan(1e-3)
  })

  it('gives D = 0 and p = 1 for identical samples, D = 1 for disjoint ones', () => {
    expect(ksTwoSample([1, 2, 3], [3, 2, 1])).toEqual({ statistic: 0, pValue: 1, method: 'exact' })
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).statistic).toBe(1)
  })

  it('refuses an empty sample and NaN', () => {
    expect(() => ksTwoSample([], [1])).toThrow('a: expected at least one value, found an empty sample')
    expect(() => ksTwoSample([1], [2, NaN])).toThrow('b[1]: expected a finite number, found NaN')
  })
})

describe('populationStabilityIndex', () => {
  it('is 0 for the same sample and grows with the shift', () => {
    const ref = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000)
    expect(populationStabilityIndex(ref, ref).psi).toBeCloseTo(0, 12)
    const small = populationStabilityIndex(ref, ref.map((v) => Math.min(1, v + 0.02))).psi
    const large = populationStabilityIndex(ref, ref.map((v) => Math.min(1, v + 0.2))).psi
    expect(small).toBeGreaterThan(0)
    expect(large).toBeGreaterThan(small)
    expect(large).toBeGreaterThan(0.25)
  })

  it('matches a hand computation with decile bins and ε for empty bins', () => {
    // Reference deciles of 0.05, 0.15, …, 0.95 → edges 0.05 … 0.85 (9 edges, 10 bins);
    // all of `actual` in the last bin: PSI = 9·(ε − 0.1)·ln(ε/0.1) + (1 − 0.1)·ln(1/0.1).
    const ref = Array.from({ length: 10 }, (_, i) => 0.05 + i / 10)
    const r = populationStabilityIndex(ref, [0.99, 0.97, 0.98])
    const eps = 1e-4
    expect(r.bins).toBe(10)
    expect(r.psi).toBeCloseTo(9 * (eps - 0.1) * Math.log(eps / 0.1) + 0.9 * Math.log(10), 10)
  })

  it('merges tied quantiles (confidences piled at 1.0)', () => {
    const ref = [...Array(80).fill(1), ...Array.from({ length: 20 }, (_, i) => 0.5 + i / 50)]
    const r = populationStabilityIndex(ref, ref)
    expect(r.bins).toBeLessThan(10)
    expect(r.psi).toBe(0)
  })

  it('refuses bad options', () => {
    expect(() => populationStabilityIndex([1], [1], { bins: 1 })).toThrow('bins: expected an integer ≥ 2, found 1')
    expect(() => populationStabilityIndex([1], [1], { epsilon: 0 })).toThrow('epsilon: expected a number in (0, 1), found 0')
  })
})
