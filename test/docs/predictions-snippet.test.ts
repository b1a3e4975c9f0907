import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './doc-files.js'
import { codeBlocks } from './markdown.js'

// The Python snippet of docs/predictions.md is the one that wrote the committed fixture
// (fixtures/predictions/make-fixture.py runs it, with fixtures/predictions/ as the folder), which
// test/unit/cli/predictions-check.test.ts gates: so the documented snippet is known to run and gate.
describe('docs/predictions.md: the Python snippet', () => {
  it('is, line for line, what make-fixture.py ran to write fixtures/predictions/', () => {
    const doc = readFileSync(join(ROOT, 'docs/predictions.md'), 'utf8')
    const snippet = codeBlocks(doc).find((b) => b.lang === 'text' && b.code.includes('np.save('))
    expect(snippet, 'a ```text block with np.save').toBeDefined()
    const lines = snippet!.code.trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(10)
    const script = readFileSync(join(ROOT, 'fixtures/predictions/make-fixture.py'), 'utf8')
    const ran = script.slice(script.indexOf('# --- the snippet of docs/predictions.md'))
    for (const line of lines) expect(ran).toContain(line.replaceAll("'predictions/", "'fixtures/predictions/"))
  })
})
