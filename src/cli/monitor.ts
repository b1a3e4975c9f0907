import { parseArgs } from 'node:util'
import { compareConfidences } from '../controls/monitor/compare.js'
import { CONFIDENCE_SAMPLES, readConfidenceLog, type ConfidenceSample } from '../controls/monitor/confidence-log.js'
import { asInput } from './as-input.js'
import { UsageError } from './usage-error.js'

export const MONITOR_HELP = `privacy-gates monitor LOG.jsonl [LOG.jsonl ...] [--between A,B] [--max X] [--statistic psi|ks] [--bins N]

Compares the confidence distributions of two samples read from JSON-lines confidence logs and
prints the two-sample KS statistic with its p-value and the population stability index (PSI).
One line per answer: {"confidence": 0.93, "sample": "production"} ("probabilities": [...] instead
of "confidence" takes the maximum; "sample" is training, validation or production, default
production; other keys are ignored). Bad lines are reported with their line numbers and skipped.

  --between A,B       reference and compared sample (default: validation,production, or
                      training,production when the logs hold no validation lines)
  --max X             exit 1 when the statistic exceeds X (PSI: < 0.1 stable, > 0.25 major shift)
  --statistic NAME    psi (default) or ks: what --max applies to
  --bins N            PSI bins: quantile bins of the reference (default 10)
`

/** `privacy-gates monitor`: returns whether the shift is within `--max` (true without `--max`). */
export async function monitorCommand(argv: string[], log: (s: string) => void, warn: (s: string) => void): Promise<boolean> {
  const { values, positionals } = parseArgs({
    args: argv, strict: true, allowPositionals: true,
    options: { between: { type: 'string' }, max: { type: 'string' }, statistic: { type: 'string' }, bins: { type: 'string' } },
  })
  if (positionals.length === 0) throw new UsageError('monitor: give at least one confidence log (JSON lines), e.g. privacy-gates monitor confidences.jsonl')
  const statistic = values.statistic ?? 'psi'
  if (statistic !== 'psi' && statistic !== 'ks') throw new UsageError(`--statistic: expected psi or ks, found "${statistic}"`)
  const max = values.max === undefined ? undefined : Number(values.max)
  if (max !== undefined && !(Number.isFinite(max) && max >= 0)) throw new UsageError(`--max: expected a number ≥ 0, found "${values.max}"`)
  const bins = values.bins === undefined ? undefined : Number(values.bins)
  if (bins !== undefined && !(Number.isInteger(bins) && bins >= 2)) throw new UsageError(`--bins: expected an integer ≥ 2, found "${values.bins}"`)

  const samples: Record<ConfidenceSample, number[]> = { training: [], validation: [], production: [] }
  for (const file of positionals) {
    const read = await asInput(() => readConfidenceLog(file))
    for (const e of read.errors) warn(`${file}:${e.line}: skipped: ${e.message}`)
    if (read.errors.length) warn(`${file}: ${read.errors.length} of ${read.lines} lines skipped; the rest was read`)
    for (const s of CONFIDENCE_SAMPLES) samples[s].push(...read.samples[s])
  }
  const [a, b] = between(values.between, samples)
  for (const s of [a, b]) {
    if (samples[s].length === 0) throw new UsageError(`--between: the logs hold no "${s}" confidences (${CONFIDENCE_SAMPLES.map((k) => `${k} ${samples[k].length}`).join(', ')})`)
  }
  const r = compareConfidences(samples[a], samples[b], bins === undefined ? {} : { bins })
  const value = statistic === 'psi' ? r.psi : r.ks
  const over = max !== undefined && value > max
  log(
    `confidence shift ${a} (${r.referenceSize}) → ${b} (${r.actualSize})\n` +
      `  KS ${r.ks.toFixed(4)}  p ${r.pValue.toPrecision(4)} (${r.ksMethod})\n` +
      `  PSI ${r.psi.toFixed(4)}` +
      (max === undefined ? '' : `\n  ${statistic.toUpperCase()} ${value.toFixed(4)} ${over ? '>' : '≤'} max ${max}: ${over ? 'FAIL' : 'ok'}`),
  )
  return !over
}

function between(arg: string | undefined, samples: Record<ConfidenceSample, number[]>): [ConfidenceSample, ConfidenceSample] {
  if (arg === undefined) return [samples.validation.length > 0 ? 'validation' : 'training', 'production']
  const parts = arg.split(',').map((s) => s.trim())
  if (parts.length !== 2 || !parts.every((p) => CONFIDENCE_SAMPLES.includes(p as ConfidenceSample)) || parts[0] === parts[1]) {
    throw new UsageError(`--between: expected two different samples of ${CONFIDENCE_SAMPLES.join(', ')} separated by a comma, found "${arg}"`)
  }
  return parts as [ConfidenceSample, ConfidenceSample]
}
