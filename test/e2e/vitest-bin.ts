import { spawn } from 'node:child_process'
import { toolchain } from './toolchain.js'

/** The real Vitest binary of the toolchain under test (this repository's, unless PRIVACY_GATES_TOOLCHAIN). */
export const vitestBin = toolchain.vitestBin

/**
 * Runs the Vitest binary with `args` in a child process (plain output, no job summary) and
 * resolves with its exit code and output. Asynchronous, so that independent runs overlap.
 */
export function runVitestBin(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [vitestBin, ...args], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', GITHUB_STEP_SUMMARY: '', ...env },
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { out += d.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, out }))
  })
}
