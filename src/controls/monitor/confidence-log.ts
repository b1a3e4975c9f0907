import { readFile } from 'node:fs/promises'

/** The samples a confidence log line can belong to. */
export const CONFIDENCE_SAMPLES = ['training', 'validation', 'production'] as const
/** One of {@link CONFIDENCE_SAMPLES}. */
export type ConfidenceSample = (typeof CONFIDENCE_SAMPLES)[number]

/** A line that could not be read, with its 1-based line number. */
export interface LogLineError {
  line: number
  message: string
}

/** What {@link parseConfidenceLog} read. */
export interface ConfidenceLog {
  /** Confidences per sample, in file order. */
  samples: Record<ConfidenceSample, number[]>
  /** Lines skipped, with why (the others are still read). */
  errors: LogLineError[]
  /** Non-blank lines in the file. */
  lines: number
}

/**
 * Parses a confidence log: JSON lines, one answer per line, blank lines ignored.
 *
 * Line format (an object; other keys such as `time` or `client` are allowed and ignored):
 * - `confidence`: the confidence the interface returned, a number in [0, 1] — the top
 *   probability of the answer; or instead `probabilities`: the returned row, of which the maximum
 *   is taken;
 * - `sample` (optional): `"training"`, `"validation"` or `"production"` (the default).
 *
 * Never log the input record itself. A bad line (not JSON, no valid confidence, an unknown sample)
 * is reported with its line number and skipped; the rest is still read.
 *
 * @example
 * parseConfidenceLog('{"confidence":0.97}\n{"probabilities":[0.1,0.9],"sample":"validation"}\n')
 * // { samples: { training: [], validation: [0.9], production: [0.97] }, errors: [], lines: 2 }
 */
export function parseConfidenceLog(text: string): ConfidenceLog {
  const samples: Record<ConfidenceSample, number[]> = { training: [], validation: [], production: [] }
  const errors: LogLineError[] = []
  let lines = 0
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return
    lines++
    const line = i + 1
    let v: unknown
    try {
      v = JSON.parse(raw)
    } catch (e) {
      errors.push({ line, message: `not JSON (${(e as Error).message})` })
      return
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      errors.push({ line, message: `expected an object such as {"confidence": 0.93}, found ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}` })
      return
    }
    const o = v as Record<string, unknown>
    const sample = o.sample ?? 'production'
    if (!CONFIDENCE_SAMPLES.includes(sample as ConfidenceSample)) {
      errors.push({ line, message: `sample: expected "training", "validation" or "production", found ${JSON.stringify(sample)}` })
      return
    }
    const c = confidenceOf(o)
    if (typeof c === 'string') {
      errors.push({ line, message: c })
      return
    }
    samples[sample as ConfidenceSample].push(c)
  })
  return { samples, errors, lines }
}

/** The line's confidence, or an error message. */
function confidenceOf(o: Record<string, unknown>): number | string {
  if (o.confidence !== undefined) {
    const c = o.confidence
    return typeof c === 'number' && c >= 0 && c <= 1 ? c : `confidence: expected a number in [0, 1], found ${JSON.stringify(c)}`
  }
  if (o.probabilities !== undefined) {
    const p = o.probabilities
    if (!Array.isArray(p) || p.length === 0 || !p.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) {
      return `probabilities: expected a non-empty array of numbers in [0, 1], found ${JSON.stringify(p)?.slice(0, 60)}`
    }
    return Math.max(...(p as number[]))
  }
  return 'expected a "confidence" (number in [0, 1]) or "probabilities" (array) key, found neither'
}

/** Reads and parses a confidence log file ({@link parseConfidenceLog}); a missing file throws naming it. */
export async function readConfidenceLog(file: string): Promise<ConfidenceLog> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new Error(`${file}: cannot read the confidence log (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e })
  }
  return parseConfidenceLog(text)
}

/**
 * One log line for an answer: its top probability, never the input. Append it (plus `\n`) to the
 * production log where the interface answers.
 *
 * @example
 * appendFileSync('confidences.jsonl', confidenceLogLine([0.1, 0.9]) + '\n')   // {"confidence":0.9,"sample":"production"}
 */
export function confidenceLogLine(probabilities: ArrayLike<number>, sample: ConfidenceSample = 'production', extra: { time?: string; client?: string } = {}): string {
  let max = -Infinity
  for (let i = 0; i < probabilities.length; i++) max = Math.max(max, probabilities[i])
  return JSON.stringify({ confidence: max, sample, ...extra })
}
