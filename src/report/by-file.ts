/**
 * `entries` in test-file order, keeping the order they were collected in within a file (a stable
 * sort by `file`): how the report's per-record sections list their entries.
 */
export function sortByFile<T extends { file: string }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.file < b.entry.file ? -1 : a.entry.file > b.entry.file ? 1 : a.i - b.i))
    .map(({ entry }) => entry)
}
