import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { privacyGates } from '../../src/plugin.js'

const root = fileURLToPath(new URL('../e2e/fixtures/reporter/', import.meta.url))

/** The plugin's `config` hook's `test` section for a user config at the fixture's root. */
async function testConfig(options: Parameters<typeof privacyGates>[0]) {
  const hook = privacyGates(options).config as (user: { root: string }) => Promise<{ test: Record<string, unknown> }>
  return (await hook({ root })).test
}

describe('privacyGates plugin: progress option', () => {
  it('sets PRIVACY_GATES_PROGRESS for the test workers only when the option is given', async () => {
    const opts = { config: 'privacy-gates.json' }
    expect((await testConfig(opts)).env).toBeUndefined()
    expect((await testConfig({ ...opts, progress: true })).env).toEqual({ PRIVACY_GATES_PROGRESS: '1' })
    expect((await testConfig({ ...opts, progress: false })).env).toEqual({ PRIVACY_GATES_PROGRESS: '0' })
  })
})
