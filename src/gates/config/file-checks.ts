import { stat } from 'node:fs/promises'
import type { ConfigIssue } from './validate.js'

/** Checks that files exist (each path once) and records an issue per pointer naming a missing one. */
export class FileChecks {
  private readonly seen = new Map<string, Promise<'file' | 'directory' | 'missing'>>()

  constructor(
    private readonly file: string,
    private readonly issues: ConfigIssue[],
  ) {}

  /** What is at `path` (cached, so a file named by several models is looked at once). */
  kind(path: string): Promise<'file' | 'directory' | 'missing'> {
    let k = this.seen.get(path)
    if (k === undefined) {
      k = stat(path).then(
        (s) => (s.isDirectory() ? 'directory' : 'file'),
        () => 'missing' as const,
      )
      this.seen.set(path, k)
    }
    return k
  }

  /** Records an issue at `pointer` when `path` is missing or a directory. */
  async check(path: string, pointer: string): Promise<void> {
    const k = await this.kind(path)
    if (k === 'missing') this.issues.push({ file: this.file, pointer, message: `file not found: ${path}` })
    else if (k === 'directory') this.issues.push({ file: this.file, pointer, message: `expected a file, found a directory: ${path}` })
  }
}
