import { fmt } from '../gates/format.js'
import type { GateSpread } from '../gates/seed-spread.js'
import { formatTable } from './table.js'

/**
 * The spread of every gate value over seeds as a text table: mean, sd, range, the limit, how many
 * sd the mean is from it (positive on the passing side) and the seeds whose verdict flipped.
 *
 * @example
 * spreadTable(await seedSpread(config, ['digits-mlp'], 10))
 */
export function spreadTable(spread: readonly GateSpread[]): string {
  const seeds = spread[0]?.seeds ?? []
  const range = seeds.length > 0 ? `seeds ${seeds[0]}–${seeds[seeds.length - 1]}` : 'no seeds'
  const rows = spread.map((g) => [
    g.model, g.gate, fmt(g.mean), fmt(g.sd), `${fmt(g.min)}–${fmt(g.max)}`,
    `${g.direction === 'below' ? '<' : '>'} ${fmt(g.limit)}`, sdText(g.sdToLimit), `${g.flips} of ${g.values.length}`,
  ])
  return `spread over ${seeds.length} seeds (${range})\n` + formatTable(['model', 'gate', 'mean', 'sd', 'range', 'limit', 'sd to limit', 'flips'], rows)
}

function sdText(v: number): string {
  if (v === Infinity) return '∞'
  if (v === -Infinity) return '−∞'
  return v.toFixed(1)
}
