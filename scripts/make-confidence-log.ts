/**
 * Writes the confidence log that docs/controls.md ("Confidence monitoring") feeds to
 * `privacy-gates monitor`: fixtures/models/digits-regularised answers the 600 records of
 * fixtures/data/digits-split/non-members.csv, the first 300 answers logged as sample "validation",
 * the other 300 as "production". Both halves come from one distribution, so the monitor should
 * see no shift.
 *
 *   npx tsx scripts/make-confidence-log.ts [out.jsonl]    # default results/confidences.jsonl
 *   npx privacy-gates monitor results/confidences.jsonl --between validation,production
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { confidenceLogLine } from '../src/controls/monitor/confidence-log.js'
import { loadCsv } from '../src/data/csv.js'
import { toDense } from '../src/data/dataset.js'
import { toRows } from '../src/data/matrix.js'
import { initBackend } from '../src/runtime/backend.js'
import { loadTfModel } from '../src/runtime/model-io.js'
import { fromTfModel } from '../src/targets/from-tf-model.js'
import { ROOT } from './generate-lib.js'

const out = resolve(process.argv[2] ?? 'results/confidences.jsonl')

await initBackend()
const target = fromTfModel(await loadTfModel(resolve(ROOT, 'fixtures/models/digits-regularised/model.json')))
const records = await loadCsv(resolve(ROOT, 'fixtures/data/digits-split/non-members.csv'), { scale: 1 / 16 })
const answers = toRows(await target.query(toDense(records, 'non-members.csv').x))
const half = Math.floor(answers.length / 2)
const lines = answers.map((row, i) => confidenceLogLine(row, i < half ? 'validation' : 'production'))
await mkdir(dirname(out), { recursive: true })
await writeFile(out, lines.join('\n') + '\n')
console.log(`${out}: ${half} validation and ${answers.length - half} production answers of digits-regularised`)
