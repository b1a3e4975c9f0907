import { DataError } from '../data/data-error.js'
import type { LoadedDataset } from '../data/csv.js'
import { MAX_EXACT_INT, type NamedInput } from '../targets/input-shape.js'
import { SCHEMA_DEFAULTS } from '../schema/defaults.js'
import type { Inputs } from '../schema/types.js'

/**
 * A thresholds file's `inputs` (column names) as the targets' {@link NamedInput}s (column
 * indices) for a data file with feature columns `columns`. A string selects the columns of a JSON
 * array field (`input_ids/0`, `input_ids/1`, …) when there are any, else every column whose name
 * starts with it; `{ from, to }` a range of names, both included. Throws a {@link DataError} naming
 * the file, the pointer of the mapping and what was missing.
 *
 * @example
 * resolveInputColumns({ input_ids: { columns: 'tok_', dtype: 'int64' } }, ['tok_0', 'tok_1', 'mask_0'], 'a.csv', '/models/m/target/inputs')
 * // { input_ids: { columns: [0, 1], dtype: 'int64' } }
 */
export function resolveInputColumns(inputs: Inputs, columns: readonly string[], source: string, pointer: string): Record<string, NamedInput> {
  const out: Record<string, NamedInput> = {}
  for (const [name, spec] of Object.entries(inputs)) {
    const at = `${pointer}/${name}/columns`
    const sel = spec.columns
    let idx: number[]
    if (typeof sel === 'string') {
      const field = columns.flatMap((c, i) => (c.startsWith(`${sel}/`) && /^\d+$/.test(c.slice(sel.length + 1)) ? [i] : []))
      idx = field.length > 0 ? field : columns.flatMap((c, i) => (c.startsWith(sel) ? [i] : []))
      if (idx.length === 0) throw new DataError(`${source}: no feature column starts with ${JSON.stringify(sel)} (${at}); the file's columns are ${preview(columns)}`)
    } else {
      const from = columns.indexOf(sel.from)
      const to = columns.indexOf(sel.to)
      const missing = from < 0 ? sel.from : to < 0 ? sel.to : undefined
      if (missing !== undefined) throw new DataError(`${source}: no feature column ${JSON.stringify(missing)} (${at}); the file's columns are ${preview(columns)}`)
      if (to < from) throw new DataError(`${source}: ${at}: "${sel.to}" comes before "${sel.from}" in the file`)
      idx = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    }
    out[name] = { columns: idx, dtype: spec.dtype ?? SCHEMA_DEFAULTS.InputMapping.dtype }
  }
  return out
}

/**
 * Checks every value a data file gives an integer input: a whole number below 2^24 in magnitude
 * (float32 records hold those exactly). A fractional or too-large value is a {@link DataError}
 * naming the file, the record (0-based row index) and the column — never the value.
 *
 * @example
 * checkIntegerInputs(members, { input_ids: { columns: [0, 1], dtype: 'int64' } })
 */
export function checkIntegerInputs(ds: LoadedDataset, inputs: Readonly<Record<string, NamedInput>>): void {
  for (const [name, input] of Object.entries(inputs)) {
    if (input.dtype === undefined || input.dtype === 'float32') continue
    for (let r = 0; r < ds.rows; r++) {
      const o = r * ds.features
      for (const c of input.columns) {
        const v = ds.x[o + c]
        if (Number.isInteger(v) && Math.abs(v) < MAX_EXACT_INT) continue
        const why = Number.isInteger(v) ? 'an integer of magnitude ≥ 2^24 (float32 records cannot hold it exactly)' : 'a fractional value'
        throw new DataError(`${ds.source}: record ${r} (row index), column "${ds.columns[c]}" (input "${name}", ${input.dtype}): expected a whole number below 2^24, found ${why}`)
      }
    }
  }
}

function preview(columns: readonly string[]): string {
  const shown = columns.slice(0, 6).map((c) => JSON.stringify(c)).join(', ')
  return columns.length > 6 ? `${shown}, … (${columns.length})` : shown
}
