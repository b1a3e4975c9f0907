/** A value in a result row. */
export type Cell = string | number | boolean

/**
 * Renders rows as RFC 4180 CSV with a header of `columns` (in that order). Numbers are written in
 * full precision so a CSV can be compared bit for bit between runs.
 */
export function toCsv(rows: ReadonlyArray<Record<string, Cell>>, columns: readonly string[]): string {
  const lines = [columns.map(escape).join(',')]
  for (const row of rows) lines.push(columns.map((c) => escape(row[c] ?? '')).join(','))
  return lines.join('\n') + '\n'
}

function escape(v: Cell): string {
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
