import { stat } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { readCsvHeader } from '../../data/csv-header.js'
import { closestName } from '../../data/csv.js'
import { DATA_KEYS } from '../catalogue.js'
import type { FileChecks } from './file-checks.js'
import type { ResolvedModel } from './resolved-types.js'
import type { ConfigIssue } from './validate.js'

/**
 * Checks label columns against CSV header rows. Issues are grouped by where the label is set: a
 * wrong `defaults.data.label` is one issue listing every file that lacks it, not one per file.
 */
export class LabelChecks {
  private readonly wanted = new Map<string, { label: string; files: Set<string> }>()

  constructor(private readonly file: string) {}

  /** Notes that every CSV file of `data` must have the column `label`, set at `pointer`. */
  expect(label: string, pointer: string, data: ResolvedModel['data']): void {
    const entry = this.wanted.get(pointer) ?? { label, files: new Set<string>() }
    for (const key of DATA_KEYS) {
      const path = data[key]
      // Only CSV files are checked: finding a key in JSON rows means reading the whole file.
      if (typeof path === 'string' && /\.csv$/i.test(path)) entry.files.add(path)
    }
    this.wanted.set(pointer, entry)
  }

  /** One issue per place a label is set whose column some of its files lack. */
  async issues(files: FileChecks): Promise<ConfigIssue[]> {
    const out: ConfigIssue[] = []
    const base = dirname(this.file)
    for (const [pointer, { label, files: paths }] of this.wanted) {
      const lacking: string[] = []
      const columns = new Set<string>()
      for (const path of paths) {
        // A missing file is already reported; its header cannot be read.
        if ((await files.kind(path)) !== 'file') continue
        const header = await readCsvHeader(path).catch(() => undefined)
        // A header the CSV reader refuses is reported when the data are read, with its line.
        if (header === undefined) continue
        if (header.length === 0 || header.every((c) => c === '')) {
          const what = (await stat(path)).size === 0 ? 'is empty' : 'has a blank first line'
          out.push({ file: this.file, pointer, message: `data file ${relative(base, path) || path} ${what}; expected a header row naming the columns (label ${JSON.stringify(label)} among them), then data rows` })
          continue
        }
        if (header.includes(label)) continue
        lacking.push(relative(base, path) || path)
        for (const c of header) columns.add(c)
      }
      if (lacking.length === 0) continue
      const best = closestName(label, [...columns])
      const listed = columns.size <= 12 ? `; its columns are ${[...columns].map((c) => JSON.stringify(c)).join(', ')}` : ''
      out.push({
        file: this.file,
        pointer,
        message:
          `label column ${JSON.stringify(label)} is not in the header row of ${lacking.join(', ')}` +
          (best !== undefined ? `; did you mean ${JSON.stringify(best)}?` : listed),
      })
    }
    return out
  }
}
