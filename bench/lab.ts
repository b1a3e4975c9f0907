/**
 * `privacy-gates lab --quick` wall time beside the scikit-learn reference
 * (`../shared/reference/sklearn_lab.py`, run with `/usr/bin/python3` when it has scikit-learn),
 * both as whole commands started from this script, one after the other, so process start-up and
 * data loading count on both sides. Prints each run's metrics too, so speed is never compared
 * without accuracy.
 *
 *   npx tsx bench/lab.ts [runs]
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const reference = fileURLToPath(new URL('../../shared/reference/sklearn_lab.py', import.meta.url))
const digits = fileURLToPath(new URL('../fixtures/data/digits.csv', import.meta.url))
const runs = Math.max(1, Number(process.argv[2] ?? 3))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

function timed(cmd: string, args: string[]): { seconds: number; stdout: string } {
  const t = performance.now()
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 600_000 })
  const seconds = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`)
  return { seconds, stdout: r.stdout }
}

const ours: number[] = []
let ourTable = ''
for (let i = 0; i < runs; i++) {
  const r = timed(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'lab', '--quick'])
  ours.push(r.seconds)
  ourTable = r.stdout
}
console.log(ourTable.trim())

const hasSklearn = existsSync(reference) && spawnSync('/usr/bin/python3', ['-c', 'import sklearn']).status === 0
const ref: number[] = []
if (hasSklearn) {
  let out = ''
  for (let i = 0; i < runs; i++) {
    const r = timed('/usr/bin/python3', [reference, digits, '0'])
    ref.push(r.seconds)
    out = r.stdout
  }
  console.log('\nscikit-learn reference (sklearn_lab.py, seed 0):\n' + out.trim())
}

console.log(`\nmedian of ${runs} whole-command runs`)
console.log(`privacy-gates lab --quick   ${median(ours).toFixed(2)} s`)
if (hasSklearn) {
  console.log(`sklearn_lab.py (baseline)   ${median(ref).toFixed(2)} s`)
  console.log(`\nlab / sklearn  ${(median(ours) / median(ref)).toFixed(2)}`)
} else {
  console.log('sklearn_lab.py              skipped (needs ../shared/reference/sklearn_lab.py and /usr/bin/python3 with scikit-learn)')
}
