import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docFiles, ROOT } from './doc-files.js'
import { codeBlocks } from './markdown.js'

// The README's quick start quotes the example's gate values twice: the `check` table and the
// message of `toPassReleaseGates` for digits-leaky. Both must be what the built CLI prints today
// (`npm test` builds dist first), so a change of an attack, the engine or the example's limits
// cannot leave them stale. The other pages name the command behind each figure
// (docs/reproducibility.md); these two are the ones a newcomer reads first, and cheap to rerun.

const readme = docFiles().find((d) => d.name === 'README.md')!
const blocks = codeBlocks(readme.text)
/** `digits-x  gate  value  limit  level  status` rows of the check table. */
const ROW = /^(digits-\S+)\s+(\w+)\s+(\d\.\d{3})\s+([<>] \d\.\d{3})\s+(\w+)\s+(\w+)$/

describe('figures the README quotes from the example', () => {
  const out = mkdtempSync(join(tmpdir(), 'privacy-gates-docs-'))
  let printed = ''
  beforeAll(() => {
    const run = spawnSync(
      process.execPath,
      ['bin/privacy-gates.js', 'check', '--quiet', '--config', 'examples/digits/privacy-gates.json', '--html', join(out, 'report.html')],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 300_000 },
    )
    printed = stripVTControlCharacters(run.stdout + run.stderr)
  }, 300_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  /** The CLI's rows as `model gate` → the row's fields. */
  const rows = () => new Map(printed.split('\n').flatMap((l) => {
    const m = ROW.exec(l.trim())
    return m ? [[`${m[1]} ${m[2]}`, m.slice(1)] as const] : []
  }))

  it('the check table is what `privacy-gates check` prints', () => {
    const table = blocks.find((b) => b.code.startsWith('$ npx privacy-gates check --config examples/digits/privacy-gates.json'))
    expect(table, 'README.md: the example check table is missing').toBeDefined()
    const quoted = table!.code.split('\n').filter((l) => ROW.test(l))
    expect(quoted.length).toBeGreaterThanOrEqual(5)
    const actual = rows()
    for (const line of quoted) {
      const m = ROW.exec(line)!
      expect(actual.get(`${m[1]} ${m[2]}`)?.join(' '), `README.md:${table!.line}: ${line}\nrerun the command and update it:\n${printed}`).toBe(m.slice(1).join(' '))
    }
  })

  it("digits-leaky's toPassReleaseGates message quotes the same values and limits", () => {
    const message = blocks.find((b) => b.code.startsWith('digits-leaky: '))
    expect(message, 'README.md: the toPassReleaseGates message of digits-leaky is missing').toBeDefined()
    const actual = rows()
    const gates = [...message!.code.matchAll(/^ {2}[✓✗!] (\w+)(?: \(warn\))?: .*? (\d\.\d{3}) [<>≥≤] (\d\.\d{3})/gm)]
    expect(gates.length).toBeGreaterThanOrEqual(5)
    for (const [line, gate, value, limit] of gates) {
      const row = actual.get(`digits-leaky ${gate}`)
      expect(row, `README.md:${message!.line}: ${line.trim()}: the CLI printed no ${gate} row for digits-leaky:\n${printed}`).toBeDefined()
      expect([value, limit], `README.md:${message!.line}: ${line.trim()}\n${printed}`).toEqual([row![2], row![3].slice(2)])
    }
  })
})
