import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built binary (bin/ → dist/, built by `npm test`'s pretest step). */
const PRIVACY_GATES_BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'privacy-gates.js')

/** What a run of the binary printed and its exit code. */
export interface CliRun {
  code: number | null
  out: string
  err: string
}

/**
 * Runs `privacy-gates …args --quiet` (progress off, no colour, no thresholds file from the
 * environment) in `cwd`; resolves with its exit code and output.
 */
export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [PRIVACY_GATES_BIN, ...args, '--quiet'], { cwd, env: { ...process.env, NO_COLOR: '1', PRIVACY_GATES_CONFIG: '' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, out, err }))
  })
}
