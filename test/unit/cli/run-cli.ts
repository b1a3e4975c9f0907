import { main } from '../../../src/cli/main.js'

/** Runs the CLI in-process, capturing what it prints. */
export async function runCli(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s))
  return { code, out: out.join('\n'), err: err.join('\n') }
}
