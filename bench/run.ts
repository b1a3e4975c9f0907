/** Runs every benchmark in turn: `npm run bench`. Each prints its own ratios. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

for (const name of ['auc', 'scores', 'membership', 'audit-overhead', 'reference', 'train', 'lab', 'memory', 'memory-stream']) {
  console.log(`\n=== bench/${name}.ts ===`)
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url))
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' })
  if (r.status !== 0) process.exitCode = 1
}
