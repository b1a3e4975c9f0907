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
export function samePredictions(a: Answers[][], b: Answers[][]): boolean {
  return a.every((per, j) => per.every((m, i) => {
    const other = b[j][i].data
    return m.data.length === other.length && m.data.every((v, r) => Object.is(v, other[r]))
  }))
}

/**
 * `runs` rounds of `run(1)` (the serial baseline) then `run(2)`, alternating so load changes hit
 * both alike; their times and whether every pair answered bit-identically.
 */
export async function serialThenParallel(
  runs: number, run: (workers: number) => Promise<{ seconds: number; predictions: Answers[][] }>,
): Promise<{ serialTimes: number[]; parallelTimes: number[]; identical: boolean }> {
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
  return { serialTimes, parallelTimes, identical }
}
