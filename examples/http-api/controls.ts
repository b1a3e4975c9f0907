import { bucket, gaussianNoise, labelOnly, reverseSigmoid, roundTo, topK, type OutputControl } from 'vitest-privacy-gates'

/**
 * One output control as the server's config names it, e.g. `{ "topK": 1 }`, `{ "roundTo": 2 }`,
 * `{ "labelOnly": {} }`. Applied in the order listed, innermost first.
 */
export type ControlSpec =
  | { topK: number }
  | { roundTo: number }
  | { bucket: number[] }
  | { labelOnly: { classes?: number } }
  | { reverseSigmoid: { beta?: number; gamma?: number } }
  | { gaussianNoise: { scale: number; seed: number } }

/** The control a spec names; an unknown or malformed spec is refused naming its place in the list. */
export function controlOf(spec: ControlSpec, where: string): OutputControl {
  const keys = Object.keys(spec ?? {})
  if (keys.length !== 1) throw new TypeError(`${where}: expected one key (topK, roundTo, bucket, labelOnly, reverseSigmoid, gaussianNoise), found [${keys.join(', ')}]`)
  // The value is checked by the control itself (each validates its arguments and names them).
  const s = spec as unknown as Record<string, never>
  switch (keys[0]) {
    case 'topK':
      return topK(s.topK)
    case 'roundTo':
      return roundTo(s.roundTo)
    case 'bucket':
      return bucket(s.bucket)
    case 'labelOnly':
      return labelOnly(s.labelOnly)
    case 'reverseSigmoid':
      return reverseSigmoid(s.reverseSigmoid)
    case 'gaussianNoise':
      return gaussianNoise(s.gaussianNoise)
    default:
      throw new TypeError(`${where}: unknown control "${keys[0]}"; expected topK, roundTo, bucket, labelOnly, reverseSigmoid or gaussianNoise`)
  }
}
