import { readFileSync } from 'node:fs'

/** The committed reference values of make-dp-accounting-values.py (dp_accounting, jax_privacy). */
export interface DpReference {
  source: Record<string, unknown>
  rdpGrid: { noiseMultiplier: number; sampleRate: number; steps: number; delta: number; epsilon: number; order: number }[]
  mnist: { noiseMultiplier: number; sampleRate: number; steps: number; delta: number; epsilon: number; order: number }
  calibration: { targetEpsilon: number; sampleRate: number; steps: number; delta: number; noiseMultiplier: number }[]
  oneRun: { canaries: number; guesses: number; correct: number; delta: number; confidence: number; epsilon: number }[]
  clopperPearsonUpper: { k: number; n: number; significance: number; upper: number }[]
}

export const reference = JSON.parse(readFileSync(new URL('./dp-accounting-values.json', import.meta.url), 'utf8')) as DpReference
