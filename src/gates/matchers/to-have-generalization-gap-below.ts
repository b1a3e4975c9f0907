import type { MatcherState } from 'vitest'
import type { AnyMatcherOptions } from './options.js'
import type { GeneralizationGapMatcherOptions } from './control-options.js'
import { runGateMatcher } from './run-gate-matcher.js'

/**
 * `await expect(model).toHaveGeneralizationGapBelow(0.05, { train: members, heldOut: nonMembers })`
 * passes when train accuracy minus held-out accuracy (with `metric: 'loss'`, held-out minus train
 * cross-entropy) is below the limit. Membership leakage tracks overfitting; this needs no attack.
 * For a model from `loadGateModel`, the limit and the data default to the thresholds file's
 * `generalizationGap` gate and its members / non-members.
 */
export function toHaveGeneralizationGapBelow(this: MatcherState, received: unknown, max?: number, options?: Partial<GeneralizationGapMatcherOptions>) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`toHaveGeneralizationGapBelow: options must be an object, found ${options === null ? 'null' : typeof options}`)
  }
  const { train, heldOut, ...rest } = options ?? {}
  // The gate reads the thresholds file's words: members are the training records.
  const mapped = options === undefined ? undefined : ({ ...rest, ...(train ? { members: train } : {}), ...(heldOut ? { nonMembers: heldOut } : {}) } as AnyMatcherOptions)
  return runGateMatcher(this, 'toHaveGeneralizationGapBelow', 'generalizationGap', received, max, mapped)
}
