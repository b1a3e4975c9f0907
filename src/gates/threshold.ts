/**
 * Checks a gate threshold: a number in [0, 1] (every gated metric is a probability or a share).
 * `what` names the matcher or config key in the message.
 */
export function checkThreshold(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    const found = typeof value === 'number' ? String(value) : value === undefined ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`
    throw new RangeError(`${what}: the threshold must be a number in [0, 1], found ${found}`)
  }
  return value
}
