import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheOption } from '../../../src/cli/cache-option.js'
import { UsageError } from '../../../src/cli/usage-error.js'

afterEach(() => vi.unstubAllEnvs())

describe('the reference cache a command uses', () => {
  it('--cache over the thresholds file\'s cache over PRIVACY_GATES_CACHE', () => {
    vi.stubEnv('PRIVACY_GATES_CACHE', 'env-cache')
    const fromFile = join(resolve('/'), 'project', 'file-cache')
    expect(cacheOption('flag-cache', fromFile)).toEqual({ dir: resolve('flag-cache') })
    expect(cacheOption('flag-cache', false)).toEqual({ dir: resolve('flag-cache') })
    expect(cacheOption(undefined, fromFile)).toEqual({ dir: fromFile })
    expect(cacheOption(undefined, false)).toBeNull()
    // No thresholds file: the environment's.
    expect(cacheOption(undefined, undefined)).toEqual({ dir: resolve('env-cache') })
    vi.stubEnv('PRIVACY_GATES_CACHE', 'off')
    expect(cacheOption(undefined, undefined)).toBeNull()
  })

  it('an empty --cache is a usage error naming the flag', () => {
    expect(() => cacheOption('', undefined)).toThrow(UsageError)
    expect(() => cacheOption('', undefined)).toThrow('--cache: expected a folder path, false (no cache) or { dir, shard? }, found')
  })
})
