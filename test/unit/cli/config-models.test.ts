import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { loadConfigModels } from '../../../src/cli/config-models.js'
import { UsageError } from '../../../src/cli/usage-error.js'
import { EXIT, exitCodeOf, InputError } from '../../../src/errors.js'
import { runCli } from './run-cli.js'

const example = fileURLToPath(new URL('../../../examples/digits/privacy-gates.json', import.meta.url))

describe('--config and --model, read once for every command', () => {
  it('picks every model without --model, the one named with it', async () => {
    expect((await loadConfigModels({ config: example }, () => {})).names).toEqual(['digits-regularised', 'digits-leaky'])
    const { config, names } = await loadConfigModels({ config: example, model: 'digits-leaky' }, () => {})
    expect(names).toEqual(['digits-leaky'])
    expect(config.file).toBe(example)
  })

  it('refuses a model the file does not hold (usage error naming the known ones, with a guess when close)', async () => {
    const close = await loadConfigModels({ config: example, model: 'digits-leaki' }, () => {}).catch((e: unknown) => e)
    expect(close).toBeInstanceOf(UsageError)
    expect((close as Error).message).toBe(`--model: ${example} has no model named "digits-leaki"; did you mean "digits-leaky"? Known models: digits-regularised, digits-leaky`)
    await expect(loadConfigModels({ config: example, model: 'resnet' }, () => {})).rejects.toThrow(
      `--model: ${example} has no model named "resnet". Known models: digits-regularised, digits-leaky`,
    )
  })

  it('a missing file is an input error; --config over PRIVACY_GATES_CONFIG is warned about', async () => {
    const missing = await loadConfigModels({ config: 'nope.json' }, () => {}).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(InputError)
    expect(exitCodeOf(missing)).toBe(EXIT.input)
    vi.stubEnv('PRIVACY_GATES_CONFIG', 'other.json')
    try {
      const warned: string[] = []
      await loadConfigModels({ config: example }, (s) => warned.push(s))
      expect(warned).toEqual([expect.stringContaining('PRIVACY_GATES_CONFIG ("other.json") both name a thresholds file')])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('check, audit and train-references refuse an unknown --model in the same words, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-model-flag-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    for (const argv of [['check', '--html', join(dir, 'r.html')], ['audit'], ['train-references']]) {
      const { code, err } = await runCli([...argv, '--config', example, '--model', 'digits-leaki'])
      expect(code, err).toBe(EXIT.input)
      expect(err).toContain('--model: ')
      expect(err).toContain('has no model named "digits-leaki"; did you mean "digits-leaky"? Known models: digits-regularised, digits-leaky')
    }
  })
})
