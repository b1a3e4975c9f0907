import type { ExposureChart } from '../gates/record.js'
import type { CollectedRecord } from './gate-rows.js'
import { sortByFile } from './by-file.js'

/** One entry of the report's `exposure` section: a `recordsAtRisk` row and the members it found at risk. */
export interface ExposureEntry extends ExposureChart {
  model: string
  gate: string
  test: string
  file: string
}

/**
 * The `exposure` section of `privacy-gates.json`: for every `recordsAtRisk` gate run, the members at
 * risk by id (the data's id column, else the row index) with their risk, most exposed first, and the
 * counts. Ids and risks only — no feature value, no score. Identical entries (a retried test) are
 * kept once; entries are sorted by test file like the rows.
 */
export function reportExposure(collected: readonly CollectedRecord[]): ExposureEntry[] {
  const out: ExposureEntry[] = []
  const seen = new Set<string>()
  for (const { record: r, test, file } of collected) {
    const e = r.charts?.exposure
    if (!e) continue
    const entry: ExposureEntry = { model: r.model ?? '', gate: r.gate, test, file, ...e }
    const key = JSON.stringify(entry)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(entry)
  }
  return sortByFile(out)
}
