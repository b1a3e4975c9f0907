import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docFiles, ROOT } from './doc-files.js'
import { anchors, links } from './markdown.js'

// Pages move and headings get renamed: every relative link of README.md and docs/*.md must reach
// a file of the repository, and every #anchor a heading of the Markdown file it names.
describe('links of README.md and docs/*.md', () => {
  it('every relative link reaches a file, and every #anchor a heading', () => {
    const anchorsOf = new Map<string, Set<string>>()
    const broken: string[] = []
    for (const d of docFiles()) {
      for (const { target, line } of links(d.text)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue // https:, mailto: …
        const [file, anchor] = target.split('#', 2)
        const path = file === '' ? d.path : join(dirname(d.path), decodeURIComponent(file))
        const where = `${d.name}:${line}: ${target}`
        if (!existsSync(path)) {
          broken.push(`${where}: no file ${relative(ROOT, path)}`)
          continue
        }
        if (anchor === undefined || !path.endsWith('.md')) continue
        if (!anchorsOf.has(path)) anchorsOf.set(path, anchors(readFileSync(path, 'utf8')))
        if (!anchorsOf.get(path)!.has(anchor)) broken.push(`${where}: no heading with anchor #${anchor} in ${relative(ROOT, path)}`)
      }
    }
    expect(broken).toEqual([])
  })
})
