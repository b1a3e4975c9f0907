/** Linear or logarithmic (base 10) axis. */
export type ScaleKind = 'linear' | 'log'

/** Maps data values to pixels along one axis and says where its ticks go. */
export interface Scale {
  kind: ScaleKind
  domain: [number, number]
  /** Pixel positions of `domain[0]` and `domain[1]` (y runs downwards, so its range is reversed). */
  range: [number, number]
  /** Pixel position of `v`, clamped to the domain (a log axis shows 0 at its lower end). */
  map(v: number): number
  ticks: number[]
  format(v: number): string
}

/**
 * A scale over `domain` drawn on `range`. Linear ticks are "nice" steps (1, 2, 5 × 10^k, about five
 * of them); log ticks are the powers of ten inside the domain. Throws on an empty or (for log)
 * non-positive domain: a chart would silently draw nothing.
 */
export function createScale(kind: ScaleKind, domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain
  if (!(Number.isFinite(d0) && Number.isFinite(d1) && d1 > d0)) throw new RangeError(`scale: expected a domain [lo, hi] with lo < hi, found [${d0}, ${d1}]`)
  if (kind === 'log' && d0 <= 0) throw new RangeError(`scale: a log axis needs a positive domain, found [${d0}, ${d1}]`)
  const t = kind === 'log' ? Math.log10 : (v: number) => v
  const [t0, t1] = [t(d0), t(d1)]
  const map = (v: number) => {
    const c = Math.min(d1, Math.max(d0, kind === 'log' && !(v > 0) ? d0 : v))
    return range[0] + ((t(c) - t0) / (t1 - t0)) * (range[1] - range[0])
  }
  if (kind === 'log') {
    const ticks: number[] = []
    for (let k = Math.ceil(t0 - 1e-9); k <= Math.floor(t1 + 1e-9); k++) ticks.push(10 ** k)
    return { kind, domain, range, map, ticks, format: (v) => (v >= 1e-4 ? String(Number(v.toPrecision(1))) : `1e${Math.round(Math.log10(v))}`) }
  }
  const step = niceStep((d1 - d0) / 5)
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  const ticks: number[] = []
  for (let v = Math.ceil(d0 / step - 1e-9) * step; v <= d1 + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)))
  return { kind, domain, range, map, ticks, format: (v) => v.toFixed(decimals) }
}

/** The nice step (1, 2 or 5 × 10^k) nearest above `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw))
  const f = raw / p
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p
}
