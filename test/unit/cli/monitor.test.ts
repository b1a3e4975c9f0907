import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../../src/data/rng.js'
import { runCli as run } from './run-cli.js'

let dir: string
let log: string
let shifted: string

// Seeded confidences: validation and production from the same distribution in `log`; production
// lower in `shifted` (a model answering less confidently, e.g. on drifted inputs).
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monitor-'))
  const rng = createRng(11)
  const conf = (shift: number) => Math.min(1, Math.max(0, 0.9 + 0.05 * rng.normal() - shift))
  const lines = (sample: string, n: number, shift = 0) => Array.from({ length: n }, () => JSON.stringify({ confidence: conf(shift), sample }))
  log = join(dir, 'log.jsonl')
  shifted = join(dir, 'shifted.jsonl')
  await writeFile(log, [...lines('validation', 300), ...lines('production', 300), 'garbage', '{"confidence": -1}'].join('\n') + '\n')
  await writeFile(shifted, [...lines('validation', 300), ...lines('production', 300, 0.1)].join('\n') + '\n')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('privacy-gates monitor', () => {
  it('prints KS, p and PSI; reports bad lines with their numbers and reads the rest', async () => {
    const { code, out, err } = await run(['monitor', log, '--max', '0.25'])
    expect(code).toBe(0)
    expect(out).toMatch(/confidence shift validation \(300\) → production \(300\)/)
    expect(out).toMatch(/KS 0\.\d{4} {2}p [\d.e-]+ \(exact\)/)
    expect(out).toMatch(/PSI 0\.\d{4}/)
    expect(out).toMatch(/≤ max 0\.25: ok/)
    expect(err).toContain(`${log}:601: skipped: not JSON`)
    expect(err).toContain(`${log}:602: skipped: confidence: expected a number in [0, 1], found -1`)
    expect(err).toContain(`${log}: 2 of 602 lines skipped; the rest was read`)
  })

  it('exits 1 when the shift is over --max (PSI or KS)', async () => {
    const psi = await run(['monitor', shifted, '--max', '0.25'])
    expect(psi.code).toBe(1)
    expect(psi.out).toMatch(/PSI \d\.\d{4} > max 0\.25: FAIL/)
    expect((await run(['monitor', shifted, '--statistic', 'ks', '--max', '0.3'])).code).toBe(1)
    expect((await run(['monitor', shifted, '--statistic', 'ks', '--max', '1'])).code).toBe(0)
  })

  it('refuses bad arguments and a missing log with exit code 2 (input errors)', async () => {
    expect(await run(['monitor'])).toMatchObject({ code: 2, err: expect.stringContaining('monitor: give at least one confidence log') })
    expect(await run(['monitor', log, '--between', 'validation,staging'])).toMatchObject({ code: 2, err: expect.stringContaining('--between: expected two different samples') })
    expect(await run(['monitor', log, '--between', 'training,production'])).toMatchObject({ code: 2, err: expect.stringContaining('the logs hold no "training" confidences') })
    expect(await run(['monitor', log, '--max', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--max: expected a number ≥ 0, found "x"') })
    expect(await run(['monitor', join(dir, 'nope.jsonl')])).toMatchObject({ code: 2, err: expect.stringContaining('nope.jsonl: cannot read the confidence log (ENOENT)') })
  })
})
