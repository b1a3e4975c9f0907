/**
 * `privacy-gates lab --quick` wall time beside the scikit-learn reference
 * (`../shared/reference/sklearn_lab.py`, run with `/usr/bin/python3` when it has scikit-learn) and
 * beside the same lab with the TensorFlow.js training loop (`PRIVACY_GATES_ENGINE=tfjs`), all as
 * whole commands started from this script, interleaved (one of each per round), so process
 * start-up, module loading and data loading count on every side and load changes hit all alike.
 * Prints each command's result row too, so speed is never compared without accuracy.
 *
 * Runs the built CLI (`node bin/privacy-gates.js`, what users run): `npm run build` first.
 *
 *   npx tsx bench/lab.ts [runs]        # default 3
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { median } from './timing.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const reference = fileURLToPath(new URL('../../shared/reference/sklearn_lab.py', import.meta.url))
const digits = fileURLToPath(new URL('../fixtures/data/digits.csv', import.meta.url))
const cli = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url))
const runs = Math.max(1, Number(process.argv[2] ?? 3))

if (!existsSync(cli)) {
  console.error('bench/lab.ts: dist/cli/bin.js is missing: run npm run build first')
  process.exit(1)
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; stdout: string } {
  const t = performance.now()
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 900_000, env })
  const seconds = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`)
  return { seconds, stdout: r.stdout }
}

/** A value from a CSV with a header line (the reference's output). */
function csvValue(text: string, column: string): string {
  const [header, row] = text.trim().split('\n')
  return row.split(',')[header.split(',').indexOf(column)]
}

/** A column of the lab's terminal table (header line, rule, one row per seed). */
function tableValue(text: string, column: string): string {
  const lines = text.trim().split('\n')
  const h = lines.findIndex((l) => l.includes(column))
  if (h < 0) return '?'
  const cells = (l: string) => l.trim().split(/\s{2,}/)
  return cells(lines[h + 2])[cells(lines[h]).indexOf(column)] ?? '?'
}

const hasSklearn = existsSync(reference) && spawnSync('/usr/bin/python3', ['-c', 'import sklearn']).status === 0
const engine: number[] = [], tfjs: number[] = [], ref: number[] = [], ref1: number[] = []
let engineOut = '', tfjsOut = '', refOut = ''
const loads: number[] = []
for (let i = 0; i < runs; i++) {
  loads.push(os.loadavg()[0])
  const a = timed(process.execPath, [cli, 'lab', '--quick'])
  engine.push(a.seconds); engineOut = a.stdout
  const b = timed(process.execPath, [cli, 'lab', '--quick'], { ...process.env, PRIVACY_GATES_ENGINE: 'tfjs' })
  tfjs.push(b.seconds); tfjsOut = b.stdout
  if (hasSklearn) {
    const c = timed('/usr/bin/python3', [reference, digits, '0'])
    ref.push(c.seconds); refOut = c.stdout
    // The same with one BLAS thread: on a loaded 2-core machine numpy's threads can slow it down,
    // so this keeps the baseline from looking worse than it is.
    ref1.push(timed('/usr/bin/python3', [reference, digits, '0'], { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }).seconds)
  }
}

console.log('privacy-gates lab --quick (engine: auto = wasm):\n' + engineOut.trim())
console.log('\nprivacy-gates lab --quick with PRIVACY_GATES_ENGINE=tfjs:\n' + tfjsOut.trim())
if (hasSklearn) console.log('\nscikit-learn reference (sklearn_lab.py, seed 0):\n' + refOut.trim())

const acc = (out: string) => tableValue(out, 'clean acc')
console.log(`\n${os.availableParallelism()} cores, load average at the start of each round: ${loads.map((l) => l.toFixed(2)).join(' ')}; median of ${runs} whole-command runs`)
const base = hasSklearn ? median(ref) : median(engine)
const line = (what: string, s: number[], accuracy: string) =>
  console.log(`${what.padEnd(44)}${median(s).toFixed(2).padStart(6)} s  ${(median(s) / base).toFixed(2).padStart(5)}   clean accuracy ${accuracy}`)
if (hasSklearn) {
  line('sklearn_lab.py (baseline)', ref, csvValue(refOut, 'target_clean_accuracy'))
  line('sklearn_lab.py, OPENBLAS_NUM_THREADS=1', ref1, csvValue(refOut, 'target_clean_accuracy'))
}
line('privacy-gates lab --quick (engine wasm)', engine, acc(engineOut))
line('privacy-gates lab --quick (engine tfjs)', tfjs, acc(tfjsOut))
console.log(`\nlab / tfjs-lab  ${(median(engine) / median(tfjs)).toFixed(2)}` +
  (hasSklearn ? `   lab / sklearn  ${(median(engine) / median(ref)).toFixed(2)}   lab / sklearn (1 BLAS thread)  ${(median(engine) / median(ref1)).toFixed(2)}` : '\nsklearn_lab.py  skipped (needs ../shared/reference/sklearn_lab.py and /usr/bin/python3 with scikit-learn)'))
