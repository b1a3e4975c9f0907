import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheOption } from '../../../src/cli/cache-option.js'
import { UsageError } from '../../../src/cli/usage-error.js'

afterEach(() => vi.unstubAllEnvs())

describe('the reference cache a command uses', () => {
  it('--cache over the thresholds file\'s cache over PRIVACY_GATES_CACHE', async () => {
    vi.stubEnv('PRIVACY_GATES_CACHE', 'env-cache')
    const fromFile = join(resolve('/'), 'project', 'file-cache')
    expect(await cacheOption('flag-cache', () => fromFile)).toEqual({ dir: resolve('flag-cache') })
    expect(await cacheOption('flag-cache', () => false)).toEqual({ dir: resolve('flag-cache') })
    expect(await cacheOption(undefined, () => fromFile)).toEqual({ dir: fromFile })
    expect(await cacheOption(undefined, async () => fromFile)).toEqual({ dir: fromFile })
    expect(await cacheOption(undefined, () => false)).toBeNull()
    // No thresholds file: the environment's.
    expect(await cacheOption(undefined, () => undefined)).toEqual({ dir: resolve('env-cache') })
    vi.stubEnv('PRIVACY_GATES_CACHE', 'off')
    expect(await cacheOption(undefined, () => undefined)).toBeNull()
  })

  it('with --cache, the thresholds file\'s cache is not asked for (its file is not read)', async () => {
    const fileCache = vi.fn(async () => { throw new Error('read the thresholds file') })
    expect(await cacheOption('flag-cache', fileCache)).toEqual({ dir: resolve('flag-cache') })
    expect(fileCache).not.toHaveBeenCalled()
    await expect(cacheOption(undefined, fileCache)).rejects.toThrow('read the thresholds file')
  })

  it('an empty --cache is a usage error naming the flag', async () => {
    await expect(cacheOption('', () => undefined)).rejects.toThrow(UsageError)
    await expect(cacheOption('', () => undefined)).rejects.toThrow('--cache: expected a folder path, false (no cache) or { dir, shard? }, found')
  })
})
