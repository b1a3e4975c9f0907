/**
 * `npx tsx scripts/example-spread.ts [seeds] [config]`: measures every gate of the shipped example
 * (examples/digits/privacy-gates.json by default) at seeds 0 … seeds − 1 (default 20) and prints the
 * spread of each value, so the example's limits can be kept at least 3 sd from the values. Exits 1
 * when a gate's verdict flips over the seeds or its mean is within 3 sd of its limit.
 */
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/gates/config/index.js'
import { seedSpread } from '../src/gates/seed-spread.js'
import { spreadTable } from '../src/report/spread-table.js'

const seeds = Number(process.argv[2] ?? 20)
const file = process.argv[3] ?? fileURLToPath(new URL('../examples/digits/privacy-gates.json', import.meta.url))
const config = await loadConfig(file)
const start = performance.now()
const spread = await seedSpread(config, Object.keys(config.models), seeds, { onSeed: (model, seed) => process.stderr.write(`${model} seed ${seed}\n`) })
console.log(spreadTable(spread))
console.log(`\n${seeds} seeds × ${Object.keys(config.models).length} models in ${((performance.now() - start) / 1000).toFixed(1)} s`)
const close = spread.filter((g) => g.flips > 0 || Math.abs(g.sdToLimit) < 3)
for (const g of close) console.log(`within 3 sd or flipping: ${g.model} ${g.gate} (mean ${g.mean.toFixed(4)}, sd ${g.sd.toFixed(4)}, limit ${g.limit}, ${g.flips} flips)`)
process.exitCode = close.length > 0 ? 1 : 0
