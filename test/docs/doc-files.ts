import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** One Markdown file the doc tests check. */
export interface DocFile {
  /** Path relative to the package root, with `/` (e.g. `docs/attacks.md`). */
  name: string
  path: string
  text: string
}

/** README.md and every `docs/*.md`, read now. */
export function docFiles(): DocFile[] {
  const names = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
  return names.map((name) => {
    const path = join(ROOT, name)
    return { name, path, text: readFileSync(path, 'utf8') }
  })
}
