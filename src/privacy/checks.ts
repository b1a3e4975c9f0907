/**
 * Checks of the privacy options shared by the accountant, calibration, DP-SGD and the audits. Each
 * message names the option, what was found, and the fix.
 */

/** σ ≥ 0 and finite. */
export function checkNoiseMultiplier(sigma: unknown, where = 'noiseMultiplier'): asserts sigma is number {
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    throw new RangeError(`${where}: expected a finite number ≥ 0 (the noise standard deviation over the clip norm), found ${String(sigma)}; use e.g. 1.1, or give targetEpsilon instead`)
  }
}

/** q in (0, 1]. */
export function checkSampleRate(q: unknown, where = 'sampleRate'): asserts q is number {
  if (typeof q !== 'number' || !(q > 0 && q <= 1)) {
    throw new RangeError(`${where}: expected a sampling probability in (0, 1], found ${String(q)}; use batchSize / records, e.g. 256/60000`)
  }
}

/** A non-negative integer step count. */
export function checkSteps(steps: unknown, where = 'steps'): asserts steps is number {
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new RangeError(`${where}: expected a non-negative integer number of noisy steps, found ${String(steps)}; use epochs / sampleRate rounded`)
  }
}

/** δ in [0, 1). */
export function checkDelta(delta: unknown, where = 'delta'): asserts delta is number {
  if (typeof delta !== 'number' || !(delta >= 0 && delta < 1)) {
    throw new RangeError(`${where}: expected a probability in [0, 1), found ${String(delta)}; use a value below 1/records, e.g. 1e-5`)
  }
}

/** Clip norm C > 0 and finite. */
export function checkClipNorm(c: unknown, where = 'clipNorm'): asserts c is number {
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    throw new RangeError(`${where}: expected a finite L2 norm > 0, found ${String(c)}; use e.g. 1 (per-example gradients are clipped to this norm)`)
  }
}

/** ε > 0 and finite (a claim or a target). */
export function checkEpsilon(eps: unknown, where: string): asserts eps is number {
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps <= 0) {
    throw new RangeError(`${where}: expected a finite ε > 0, found ${String(eps)}; use e.g. 2`)
  }
}

/** Probability strictly inside (0, 1) (a confidence or a significance). */
export function checkOpenProbability(p: unknown, where: string): asserts p is number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    throw new RangeError(`${where}: expected a number strictly between 0 and 1, found ${String(p)}; use e.g. 0.95`)
  }
}

/**
 * The warning text when δ is not below 1/records (δ ≥ 1/n lets a mechanism publish a whole record
 * with probability δ and still be "private"); undefined when δ is fine.
 */
export function deltaWarning(delta: number, records: number, where = 'delta'): string | undefined {
  if (records > 0 && delta >= 1 / records) {
    return `${where}: ${delta} is not below 1/records = ${1 / records} (${records} records); a guarantee with δ ≥ 1/n allows leaking a whole record, use δ < ${1 / records}, e.g. ${(0.1 / records).toPrecision(1)}`
  }
  return undefined
}
