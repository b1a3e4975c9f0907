import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { runVitestBin } from './vitest-bin.js'

// tfjs-backend-wasm's loader installs process handlers that rethrow every uncaught exception and
// unhandled rejection. These tests run the built package (dist/) in real processes.

const repo = fileURLToPath(new URL('../..', import.meta.url))
const dist = (p: string) => new URL(`../../dist/${p}`, import.meta.url).href
const dir = mkdtempSync(join(tmpdir(), 'pg-handlers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs an ES module script with plain Node on the wasm backend. */
function node(code: string) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: repo, encoding: 'utf8', env: { ...process.env, PRIVACY_GATES_BACKEND: 'wasm' }, timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('after the wasm backend initialises', () => {
  it('a user\'s own handlers stay, the loader\'s are gone: an unhandled rejection reaches the user\'s handler', () => {
    const r = node(`
      import { initBackend } from '${dist('index.js')}'
      const mine = (e) => console.log('mine: ' + e.message)
      process.on('unhandledRejection', mine)
      const before = [process.listeners('uncaughtException'), process.listeners('unhandledRejection')]
      console.log('backend ' + await initBackend())
      const after = [process.listeners('uncaughtException'), process.listeners('unhandledRejection')]
      console.log('same ' + (after[0].length === before[0].length && after[1].length === 1 && after[1][0] === mine))
      Promise.reject(new Error('boom'))
    `)
    expect(r.err).toBe('')
    expect(r.out).toBe('backend wasm\nsame true\nmine: boom\n')
    expect(r.code).toBe(0)
  })

  it('without a handler, an unhandled rejection is Node\'s usual short report, not the loader\'s source', () => {
    const r = node(`
      import { initBackend } from '${dist('index.js')}'
      await initBackend()
      Promise.reject(new Error('boom'))
    `)
    expect(r.code).toBe(1)
    expect(r.err).toContain('Error: boom')
    expect(r.err).not.toContain('tfjs-backend-wasm')
    expect(r.err.length).toBeLessThan(2000)
  })
})

describe('the privacy-gates binary', () => {
  it('exits with the run\'s own code and no stack trace when its reader goes away (EPIPE)', async () => {
    const example = join(repo, 'examples', 'digits', 'privacy-gates.json')
    const child = spawn(process.execPath, [join(repo, 'bin', 'privacy-gates.js'), 'check', '--config', example, '--model', 'digits-leaky', '--html', join(dir, 'r.html')], {
      cwd: repo, env: { ...process.env, PRIVACY_GATES_PROGRESS: '0' },
    })
    // Like `| head -1`: read the first chunk, then close the pipe while the CLI still has lines to write.
    child.stdout.once('data', () => child.stdout.destroy())
    let err = ''
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    const code = await new Promise<number | null>((r) => child.on('close', r))
    expect(err).toBe('')
    // The leaky model fails its membership gate: the verdict survives the closed pipe.
    expect(code).toBe(1)
  }, 120_000)

  it('treats an error that escapes every command as a bug: exit 4, not 1', () => {
    const r = node(`
      import { guardProcess } from '${dist('cli/process-guards.js')}'
      guardProcess()
      setTimeout(() => { throw new Error('escaped') })
    `)
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/^privacy-gates: unexpected error \(a bug; please report it with this output\):\nError: escaped\n\s+at /)
  })
})

describe('in a Vitest run', () => {
  it('an un-awaited failing matcher is reported as an unhandled error; the worker lives and the file\'s later tests report', async () => {
    const root = fileURLToPath(new URL('./fixtures/unawaited-matcher/', import.meta.url))
    const { code, out } = await runVitestBin(['run', '--root', root, '--reporter', 'default'])
    const text = stripVTControlCharacters(out)
    expect(text).not.toContain('Worker exited unexpectedly')
    expect(text).toMatch(/Tests\s+3 passed \(3\)/)
    expect(text).toContain('Unhandled Rejection')
    expect(text).toMatch(/Clean accuracy 0\.\d{3} (\(95% CI [^)]*\) )?is not above the threshold 0\.999/)
    // Vitest fails a run with unhandled errors: the mistake is not silent.
    expect(code).toBe(1)
  }, 300_000)
})
