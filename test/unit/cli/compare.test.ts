import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aucRecord, reportText, scorePair } from '../compare/reports.js'
import { runCli } from './run-cli.js'

describe('privacy-gates compare', () => {
  let dir: string
  const at = (name: string) => join(dir, name)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-compare-cli-'))
    const s = scorePair(1, 150, 150, 0.35)
    await writeFile(at('base.json'), reportText([aucRecord(s.base, 'abc')]))
    await writeFile(at('head.json'), reportText([aucRecord(s.head, 'abc')]))
    await writeFile(at('truncated.json'), reportText([aucRecord(s.head, 'abc')]).slice(0, 300))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('prints the table, and exits 1 on a regression only with --fail-on-regression', async () => {
    const plain = await runCli(['compare', at('base.json'), at('head.json')])
    expect(plain.code).toBe(0)
    expect(plain.out).toContain(`privacy gates: ${at('base.json')} → ${at('head.json')}`)
    expect(plain.out).toMatch(/digits\s+membershipAuc\s+.*regression\s+paired DeLong/)
    const strict = await runCli(['compare', at('base.json'), at('head.json'), '--fail-on-regression'])
    expect(strict.code).toBe(1)
    expect((await runCli(['compare', at('base.json'), at('base.json'), '--fail-on-regression'])).code).toBe(0)
  })

  it('prints Markdown with --markdown', async () => {
    const { code, out } = await runCli(['compare', at('base.json'), at('head.json'), '--markdown'])
    expect(code).toBe(0)
    expect(out).toMatch(/^### Privacy gates: change against base\n/)
    expect(out).toContain('| **regression** | paired DeLong |')
  })

  it('names a truncated report and a wrong argument (both exit 2: something given is wrong)', async () => {
    const bad = await runCli(['compare', at('base.json'), at('truncated.json')])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(new RegExp(`^privacy-gates: ${at('truncated.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid JSON`))
    const one = await runCli(['compare', at('base.json')])
    expect(one.code).toBe(2)
    expect(one.err).toContain('compare: expected two reports, BASE.json and HEAD.json, found 1')
    expect((await runCli(['compare', at('base.json'), at('head.json'), '--level', '5'])).err).toContain('--level: expected a number strictly between 0 and 1, found "5"')
  })

  it('has its help page', async () => {
    const { code, out } = await runCli(['compare', '--help'])
    expect(code).toBe(0)
    expect(out).toContain('privacy-gates compare BASE.json HEAD.json')
  })
})
