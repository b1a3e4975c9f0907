/** Small timing helpers shared by the benchmarks. */

/** Median of `xs` (mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Wall time of one synchronous call, in seconds. */
export function seconds(f: () => unknown): number {
  const t = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t) / 1e9
}

/** A matrix as the benches compare answers (structurally a `Matrix` of the package). */
interface Answers {
  data: Float32Array
}

/** Whether two runs' predictions (`[model][matrix]`) are bit-identical. */
function samePredictions(a: Answers[][], b: Answers[][]): boolean {
  return a.every((per, j) => per.every((m, i) => {
    const other = b[j][i].data
    return m.data.length === other.length && m.data.every((v, r) => Object.is(v, other[r]))
  }))
}

/**
 * `runs` rounds of `run(1)` (the serial baseline) then `run(2)`, alternating so load changes hit
 * both alike; their times, their medians and whether every pair answered bit-identically.
 */
export async function serialThenParallel(
  runs: number, run: (workers: number) => Promise<{ seconds: number; predictions: Answers[][] }>,
): Promise<{ serialTimes: number[]; parallelTimes: number[]; serial: number; parallel: number; identical: boolean }> {
  const serialTimes: number[] = []
  const parallelTimes: number[] = []
  let identical = true
  for (let i = 0; i < runs; i++) {
    const serial = await run(1)
    const parallel = await run(2)
    serialTimes.push(serial.seconds)
    parallelTimes.push(parallel.seconds)
    identical &&= samePredictions(serial.predictions, parallel.predictions)
  }
  return { serialTimes, parallelTimes, serial: median(serialTimes), parallel: median(parallelTimes), identical }
}

/** A `--child` process of {@link printCeiling}: one serial run, its seconds printed, then exit. */
export async function runAsChild(run: (workers: number) => Promise<{ seconds: number }>): Promise<never> {
  console.log((await run(1)).seconds)
  process.exit(0)
}

/**
 * The `--ceiling` measurement of a serial-versus-workers bench: `rounds` times, one child process
 * alone, then two side by side (`node --import tsx <script> ...childArgs`, which must print its
 * serial run's seconds last); prints what two cores can give at all here (2 × alone / the slower of
 * the pair, medians) against the speed-up `speedUp` the workers reached.
 */
export async function printCeiling(script: string, childArgs: string[], rounds: number, speedUp: number): Promise<void> {
  const { spawn } = await import('node:child_process')
  const child = () => new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...childArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d) => { out += String(d) })
    p.on('exit', (code) => (code === 0 ? resolve(Number(out.trim().split('\n').pop())) : reject(new Error(`child exited ${code}`))))
  })
  const alone: number[] = [], pair: number[] = []
  for (let i = 0; i < rounds; i++) {
    alone.push(await child())
    const [a, b] = await Promise.all([child(), child()])
    pair.push(Math.max(a, b))
  }
  const ratio = (2 * median(alone)) / median(pair)
  console.log(`
ceiling: one process alone ${median(alone).toFixed(2)} s; two side by side ${median(pair).toFixed(2)} s (the slower) → ` +
    `two cores give at most ${ratio.toFixed(2)}× here; workers: 2 reached ${speedUp.toFixed(2)}× (${(speedUp / ratio * 100).toFixed(0)}% of it)`)
}
