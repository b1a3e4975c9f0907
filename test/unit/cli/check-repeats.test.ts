import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runCli as run } from './run-cli.js'

const example = fileURLToPath(new URL('../../../examples/digits/privacy-gates.json', import.meta.url))

describe('privacy-gates check --repeats', () => {
  it('prints the spread of every gate value over the seeds; the verdict stays that of the file\'s seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-repeats-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const { code, out, err } = await run(['check', '--config', example, '--model', 'digits-regularised', '--html', join(dir, 'r.html'), '--repeats', '2'])
    expect(code, out + err).toBe(0)
    expect(out).toContain('spread over 2 seeds (seeds 0–1)')
    expect(out).toMatch(/model\s+gate\s+mean\s+sd\s+range\s+limit\s+sd to limit\s+flips/)
    // Seed-independent values do not move; the surrogate does.
    expect(out).toMatch(/digits-regularised\s+membershipAuc\s+0\.537\s+0\.000\s+0\.537–0\.537\s+< 0\.600\s+∞\s+0 of 2/)
    expect(out).toMatch(/digits-regularised\s+surrogateFidelity\s+0\.9\d\d\s+0\.0\d\d\s+0\.9\d\d–0\.9\d\d\s+< 0\.960\s+-?\d+\.\d\s+0 of 2/)
  })

  it('refuses a --repeats that is not a positive integer (exit 2, naming it)', async () => {
    for (const bad of ['0', '2.5', 'two']) {
      const { code, err } = await run(['check', '--config', example, '--repeats', bad])
      expect(code).toBe(2)
      expect(err).toContain(`--repeats: expected a positive integer number of seeds, found "${bad}"`)
    }
  })
})
