/**
 * Runs `task(i)` for i = 0..count−1 with at most `limit` running at once and returns the results
 * in index order. On the first failure no new task starts and the running ones are told through
 * `signal` (so their requests are aborted at once instead of running to their timeout); once all
 * have settled, that first failure is thrown — not the cancellations it caused.
 *
 * @example
 * await mapLimit(5, 2, async (i) => i * i) // [0, 1, 4, 9, 16]
 */
export async function mapLimit<T>(count: number, limit: number, task: (i: number, signal: AbortSignal) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count)
  const stop = new AbortController()
  let failure: { error: unknown } | undefined
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count && failure === undefined) {
      const i = next++
      try {
        results[i] = await task(i, stop.signal)
      } catch (error) {
        // Errors of tasks we cancelled ourselves are consequences, not causes.
        if (failure === undefined) {
          failure = { error }
          stop.abort()
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
