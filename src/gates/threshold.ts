/**
 * Checks a gate threshold: a number in [0, 1] (most gated metrics are a probability or a share), or
 * in [0, `upper`] (an ε). `what` names the matcher or config key in the message.
 */
export function checkThreshold(value: unknown, what: string, upper = 1): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > upper) {
    const found = typeof value === 'number' ? String(value) : value === undefined ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`
    throw new RangeError(`${what}: the threshold must be a number ${upper === Infinity ? '≥ 0' : `in [0, ${upper}]`}, found ${found}`)
  }
  return value
}
