import pc from 'picocolors'

/** Fixed-precision number for messages (3 decimals keeps AUC differences of 0.001 visible). */
export function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : String(v)
}

/** `[0.612, 0.671]` for a 95% interval. */
export function fmtInterval(interval: [number, number] | undefined): string {
  return interval ? ` (95% CI ${fmt(interval[0])}–${fmt(interval[1])})` : ''
}

/**
 * Builds a matcher failure message: a headline, then `key: value` facts, then the hint, so it reads
 * the same with or without colour.
 */
export function gateMessage(headline: string, facts: Array<[string, string | number]>, hint: string): string {
  const lines = [pc.bold(headline)]
  lines.push('  ' + facts.map(([k, v]) => `${pc.dim(k + ':')} ${v}`).join(' · '))
  lines.push(`  ${pc.cyan('What usually lowers it:')} ${hint}`)
  return lines.join('\n')
}
