import type { AttackSettings, MembershipAttackId } from '../attacks/membership/types.js'
import type { Dataset } from '../data/dataset.js'
import type { TargetLike } from '../targets/target.js'
import type { ReferenceCacheOption } from '../runtime/cache/location.js'
import type { DataKey } from './catalogue.js'

/**
 * What a gate measures: a target, the data sets its gates may need, the seed, and (for a model
 * from the thresholds file) a cache so that gates sharing work — the same membership attack, the
 * same surrogate — compute it once.
 */
export interface AuditSource {
  target: TargetLike
  members?: Dataset
  nonMembers?: Dataset
  pool?: Dataset | number[][]
  evaluation?: Dataset
  /** The owner's watermark trigger set (inputs and their marked labels). */
  triggers?: Dataset
  seed: number
  /** FPR levels the source's gates read TPR at, so one membership audit serves all of them. */
  fprLevels?: number[]
  /** Per-record risk levels the source's gates count members at (`recordsAtRisk`), so one membership audit serves all of them. */
  riskLevels?: number[]
  /** The thresholds file's `attackSettings` for this model. */
  attackSettings?: AttackSettings & { suite?: MembershipAttackId[] }
  cache?: Map<string, Promise<unknown>>
  /** Where shadow and reference models are cached (the thresholds file's `defaults.cache`, resolved); default the API's. */
  referenceCache?: ReferenceCacheOption
}

/** Runs `compute` once per `key` for sources that carry a cache; always runs it otherwise. */
export function memo<T>(source: AuditSource, key: string, compute: () => Promise<T>): Promise<T> {
  if (!source.cache) return compute()
  let hit = source.cache.get(key) as Promise<T> | undefined
  if (!hit) {
    hit = compute()
    source.cache.set(key, hit)
    // A failed audit is not remembered: the next gate gets the real error again, not a stale one.
    hit.catch(() => source.cache?.delete(key))
  }
  return hit
}

/** The data set `key` of `source`, or an error naming who needs it and how to give it. */
export function need<K extends DataKey>(source: AuditSource, key: K, who: string): NonNullable<AuditSource[K]> {
  const v = source[key]
  if (v === undefined) throw new TypeError(`${who}: needs "${key}" — pass it in the options, or set data.${key} for the model in the thresholds file`)
  return v as NonNullable<AuditSource[K]>
}
