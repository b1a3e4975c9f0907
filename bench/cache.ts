/**
 * The reference cache (docs/reference-cache.md): `privacy-gates check` with a LiRA gate (k = 16
 * reference models, 64-256-10, 400 epochs by default) on the digits fixture (ONNX target), run
 * twice through the built CLI on one fresh cache folder. The first run trains the 16 models (the
 * baseline: what every run paid before the cache); the second reads them and trains nothing.
 * Prints both times, their ratio (goal ≥ 10×) and whether the two runs printed the same gate table.
 *
 *   npm run build && npx tsx bench/cache.ts [epochs] [k]    # defaults: 400 16
 *
 * Whole processes are timed, start-up included (loading tfjs and the ONNX runtime), as CI sees them.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [epochsArg, kArg] = process.argv.slice(2)
const epochs = Number(epochsArg ?? 400)
const k = Number(kArg ?? 16)
const repo = fileURLToPath(new URL('../', import.meta.url))
const fixture = (...p: string[]) => join(repo, 'fixtures', ...p)
const dir = mkdtempSync(join(tmpdir(), 'pg-bench-cache-'))
const config = join(dir, 'privacy-gates.json')
writeFileSync(config, JSON.stringify({
  defaults: { data: { label: 'label', scale: 0.0625 }, cache: 'cache', attackSettings: { k, hidden: [256], epochs } },
  models: {
    digits: {
      target: { type: 'onnx', path: fixture('models', 'digits-regularised-onnx', 'model.onnx') },
      data: { members: fixture('data', 'digits-split', 'members.csv'), nonMembers: fixture('data', 'digits-split', 'non-members.csv'), pool: fixture('data', 'digits-split', 'pool.csv') },
      gates: { membershipAuc: { max: 0.9, attack: 'lira' } },
    },
  },
}))

function check(): { seconds: number; table: string } {
  const t = performance.now()
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'privacy-gates.js'), 'check', '--config', config, '--html', join(dir, 'report.html'), '--quiet'], { cwd: dir, encoding: 'utf8' })
  const seconds = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`check exited ${r.status}: ${r.stderr}`)
  return { seconds, table: r.stdout.split('\nHTML report')[0] }
}

try {
  console.log(`check with LiRA k = ${k} (64-${256}-10, ${epochs} epochs), digits ONNX fixture, cache ${join(dir, 'cache')}`)
  const first = check()
  const second = check()
  console.log(`${'run'.padEnd(44)}${'seconds'.padStart(9)}${'vs first'.padStart(10)}`)
  console.log(`${'first: trains 16 reference models (baseline)'.replace('16', String(k)).padEnd(44)}${first.seconds.toFixed(2).padStart(9)}${'1.00'.padStart(10)}`)
  console.log(`${'second: reads them from the cache'.padEnd(44)}${second.seconds.toFixed(2).padStart(9)}${(second.seconds / first.seconds).toFixed(3).padStart(10)}`)
  console.log(`\nfirst / second  ${(first.seconds / second.seconds).toFixed(1)}×   (goal ≥ 10×)`)
  console.log(`same gate table: ${first.table === second.table ? 'yes' : 'NO'}`)
  if (first.table !== second.table) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
