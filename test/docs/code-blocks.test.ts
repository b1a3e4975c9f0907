import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/gates/config/index.js'
import { compileFiles } from '../types/compile.js'
import { docFiles, ROOT } from './doc-files.js'
import { codeBlocks, type CodeBlock } from './markdown.js'

// Every code block of README.md and docs/*.md is checked, so an example cannot drift from the
// package: TypeScript blocks are type-checked against the built package (dist/, as a user's tsc
// sees it; `npm test` builds first) in one tsc run; JSON blocks are thresholds files and must pass
// the schema. A block marked ```ts fragment``` is checked after test/types/cases/doc-fragment-preamble.ts,
// which declares the few names such snippets use (model, members, nonMembers, pool, evaluation).

/** Info strings a block may carry; an unmarked or unknown one would escape every check. */
const LANGS = new Set(['ts', 'json', 'sh', 'text'])
const PREAMBLE = readFileSync(join(ROOT, 'test/types/cases/doc-fragment-preamble.ts'), 'utf8')

/** A block that must not compile: proves, in the same tsc run, that a broken block is reported. */
const CANARY: CodeBlock = {
  lang: 'ts',
  flags: [],
  code: "import { auditMembership } from 'vitest-privacy-gates'\nawait auditMembership('not a target')",
  line: 1,
}

interface Source {
  doc: string
  block: CodeBlock
  /** Lines put before the block's first line in the compiled file. */
  offset: number
}

const docs = docFiles()
const dir = mkdtempSync(join(ROOT, 'scratch-doc-blocks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes `block` as a module of its own; returns the file name and what it came from. */
function writeBlock(doc: string, block: CodeBlock): [string, Source] {
  const file = `${doc.replace(/[/.]/g, '_')}-L${block.line}.ts`
  const fragment = block.flags.includes('fragment')
  const head = fragment ? PREAMBLE : ''
  // `export {}` keeps a block without imports a module (its own scope, top-level await allowed).
  writeFileSync(join(dir, file), `${head}${block.code}\nexport {}\n`)
  return [file, { doc, block, offset: head.split('\n').length - 1 }]
}

/** tsc's diagnostics as `doc:line: message`, pointing into the Markdown file. */
function diagnostics(out: string, sources: Map<string, Source>): Map<string, string[]> {
  const byFile = new Map<string, string[]>()
  for (const m of out.matchAll(/^(.+?\.ts)\((\d+),(\d+)\): error (TS\d+: .*)$/gm)) {
    const source = sources.get(m[1])
    const line = Number(m[2])
    const where = !source
      ? m[1]
      : line > source.offset
        ? `${source.doc}:${source.block.line + line - source.offset}`
        : `${source.doc}:${source.block.line} (line ${line} of the fragment preamble)`
    byFile.set(m[1], [...(byFile.get(m[1]) ?? []), `${where}: ${m[4]}`])
  }
  return byFile
}

describe('code blocks of README.md and docs/*.md', () => {
  it('every block says what it holds (ts, json, sh or text)', () => {
    const unmarked = docs.flatMap((d) => codeBlocks(d.text).filter((b) => !LANGS.has(b.lang)).map((b) => `${d.name}:${b.line}: "${b.lang}"`))
    expect(unmarked).toEqual([])
  })

  it('every TypeScript block type-checks against the package, and a broken one is reported', () => {
    const sources = new Map<string, Source>()
    for (const d of docs) {
      for (const block of codeBlocks(d.text).filter((b) => b.lang === 'ts')) sources.set(...writeBlock(d.name, block))
    }
    expect(sources.size).toBeGreaterThanOrEqual(15)
    const [canary] = writeBlock('canary', CANARY)
    const { code, out } = compileFiles([...sources.keys(), canary], dir)
    const found = diagnostics(out, sources)
    expect(code).not.toBe(0)
    expect(found.get(canary)?.join('\n')).toMatch(/TS2554: Expected 2 arguments, but got 1/)
    found.delete(canary)
    expect([...found.values()].flat(), 'TypeScript blocks that do not compile (file:line: error)').toEqual([])
  })

  it('every JSON block is a valid thresholds file', () => {
    const problems: string[] = []
    for (const d of docs) {
      for (const block of codeBlocks(d.text).filter((b) => b.lang === 'json')) {
        const where = `${d.name}:${block.line}`
        try {
          problems.push(...validateConfig(JSON.parse(block.code), where).map((i) => `${where}: ${JSON.stringify(i)}`))
        } catch (err) {
          problems.push(`${where}: ${(err as Error).message}`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})
