import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { activeBackend, initBackend } from '../../../src/runtime/backend.js'
import { tf } from '../../../src/runtime/tf.js'

const KNOWN = ['tensorflow', 'wasm', 'cpu']
const hasTfjsNode = (() => {
  try { createRequire(import.meta.url).resolve('@tensorflow/tfjs-node'); return true } catch { return false }
})()
const ADVERT = /looks like you are running TensorFlow\.js in Node|tfjs-node/

/** A fresh copy of backend.ts (its cached promise reset), with PRIVACY_GATES_BACKEND set. */
async function freshInit(value: string): Promise<string> {
  vi.resetModules()
  vi.stubEnv('PRIVACY_GATES_BACKEND', value)
  const fresh = await import('../../../src/runtime/backend.js')
  return fresh.initBackend()
}

afterEach(async () => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  // Tests below switch the process-wide tfjs engine; put the default backend back.
  vi.resetModules()
  await (await import('../../../src/runtime/backend.js')).initBackend()
})

describe('initBackend', () => {
  it('picks a known backend — wasm when tfjs-node is absent — and caches the promise', async () => {
    const name = await initBackend()
    expect(KNOWN).toContain(name)
    if (!hasTfjsNode) expect(name).toBe('wasm')
    expect(initBackend()).toBe(initBackend())
    expect(activeBackend()).toBe(name)
    expect(tf.getBackend()).toBe(name)
  })

  it('runs ops on the wasm backend (the .wasm binary was found through setWasmPaths)', async () => {
    expect(await freshInit('wasm')).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    const out = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).arraySync())
    expect(out).toEqual([[17], [39]])
  })

  it('PRIVACY_GATES_BACKEND=cpu forces cpu without printing the tfjs-node advert', async () => {
    const warn = vi.spyOn(console, 'warn')
    const log = vi.spyOn(console, 'log')
    expect(await freshInit('cpu')).toBe('cpu')
    tf.tidy(() => tf.tensor1d([1, 2, 3]).square().dataSync())
    const printed = [...warn.mock.calls, ...log.mock.calls].flat().map(String).join('\n')
    expect(printed).not.toMatch(ADVERT)
  })

  it('refuses an unknown PRIVACY_GATES_BACKEND value, naming the variable and the choices', async () => {
    await expect(freshInit('gpu')).rejects.toThrow(/PRIVACY_GATES_BACKEND: expected one of tensorflow, wasm, cpu, found "gpu"/)
  })

  it.skipIf(hasTfjsNode)('fails loudly when the forced backend cannot start instead of falling back', async () => {
    await expect(freshInit('tensorflow')).rejects.toThrow(/PRIVACY_GATES_BACKEND=tensorflow: the backend could not start: .*tfjs-node/)
  })

  it('activeBackend() before initialisation says what to do', async () => {
    vi.resetModules()
    const fresh = await import('../../../src/runtime/backend.js')
    expect(() => fresh.activeBackend()).toThrow(/await initBackend\(\) first/)
  })
})

describe('outside Vitest (plain node + tsx)', () => {
  it('selects the same backend and prints nothing from tfjs', () => {
    const backendUrl = new URL('../../../src/runtime/backend.ts', import.meta.url).href
    const tfUrl = new URL('../../../src/runtime/tf.ts', import.meta.url).href
    const code = [
      `import { initBackend, activeBackend } from '${backendUrl}'`,
      `import { tf } from '${tfUrl}'`,
      `const name = await initBackend()`,
      `tf.tidy(() => tf.tensor1d([1, 2]).square().dataSync())`,
      `console.log(JSON.stringify({ name, active: activeBackend() }))`,
    ].join('\n')
    const env = { ...process.env }
    delete env.PRIVACY_GATES_BACKEND
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)), env, encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const result = JSON.parse(run.stdout.trim()) as { name: string; active: string }
    expect(KNOWN).toContain(result.name)
    if (!hasTfjsNode) expect(result).toEqual({ name: 'wasm', active: 'wasm' })
    expect(run.stdout).not.toMatch(ADVERT)
  })
})
