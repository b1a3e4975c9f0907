import type { AdapterOptions } from './from-function.js'
import { fromFunction } from './from-function.js'
import { fromTfModel } from './from-tf-model.js'
import type { PredictFunction, Target, TargetLike, TfModelLike } from './target.js'

/**
 * Turns anything accepted as the model under test (docs/architecture.md#what-the-matchers-and-audit-functions-accept) into a {@link Target}:
 *
 * - an object that already is a Target (it has a `query` function and a `queryCount`) is returned
 *   as is — `options` apply only to the adapters below;
 * - a function is adapted with {@link fromFunction};
 * - an object with `predict` and `inputs` (a tfjs LayersModel or GraphModel) with {@link fromTfModel}.
 *
 * Anything else is refused with a TypeError naming what was received and the three accepted kinds.
 *
 * @example
 * const t = toTarget(model)                                  // tfjs model
 * const u = toTarget((rows) => rows.map(() => [0.5, 0.5]))   // predict function
 */
export function toTarget(subject: TargetLike, options: AdapterOptions = {}): Target {
  if (isTarget(subject)) return subject
  if (typeof subject === 'function') return fromFunction(subject as PredictFunction, options)
  if (subject !== null && typeof subject === 'object') {
    const o = subject as unknown as Record<string, unknown>
    if (typeof o.predict === 'function' && 'inputs' in o) return fromTfModel(subject as TfModelLike, options)
  }
  throw new TypeError(`toTarget: expected a model under test, found ${received(subject)}. ${ACCEPTED}`)
}

/** Structural test for a {@link Target}: an object with a `query` function and a `queryCount`. */
export function isTarget(v: unknown): v is Target {
  return v !== null && typeof v === 'object' && typeof (v as Target).query === 'function' && 'queryCount' in v
}

const ACCEPTED =
  'Accepted: (1) a Target object from an adapter (with query(rows) and queryCount); ' +
  '(2) a predict function (rows: number[][]) => number[][] | Promise<number[][]>; ' +
  '(3) a tfjs LayersModel or GraphModel (with predict() and inputs)'

function received(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (Array.isArray(v)) return `an array of length ${v.length}`
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o).slice(0, 6).join(', ')
    if (typeof o.predict === 'function') return `an object with predict() but no inputs (keys [${keys}]); a tfjs model declares its inputs`
    if (typeof o.query === 'function') return `an object with query() but no queryCount (keys [${keys}])`
    return `an object with keys [${keys}]`
  }
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`
  return `${typeof v} ${String(v)}`
}
