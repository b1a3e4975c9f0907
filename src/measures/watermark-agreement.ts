import { measureAccuracy } from './accuracy.js'
import { toDense, type Dataset } from '../data/dataset.js'
import { toTarget } from '../targets/to-target.js'
import type { TargetLike } from '../targets/target.js'

/** What {@link watermarkAgreement} measured. */
export interface WatermarkResult {
  /** Share of triggers the target labels with the watermark label. */
  agreement: number
  /** Triggers answered with their watermark label. */
  matched: number
  triggers: number
  /**
   * Agreement a model that ignores the watermark would reach by chance, if it spread its answers
   * evenly: 1 / classes. Compare with it, not with 0.
   */
  chance: number
}

/**
 * Watermark check (trigger-set watermarking, Adi et al., 2018): the owner trained the model to give
 * chosen labels to a secret set of unusual inputs (the triggers); a model that gives the same
 * labels to them is likely derived from it. Returns the share of triggers the target labels as
 * `triggers.y` says.
 *
 * A watermark is evidence, not protection: extraction from ordinary queries often does not carry
 * it (the attacker never queries the triggers), and fine-tuning can remove it. Do not rely on it
 * alone.
 *
 * @throws RangeError when the triggers' width differs from the model's input, or a trigger label is
 *   outside the model's classes.
 * @example
 * const { agreement } = await watermarkAgreement(suspect, triggers)   // e.g. 0.96 for the marked model
 */
export async function watermarkAgreement(target: TargetLike, triggers: Dataset): Promise<WatermarkResult> {
  const ds = toDense(triggers, 'triggers')
  const t = toTarget(target)
  // Checked here, with a watermark-specific message, before measureAccuracy's generic width check.
  if (t.features !== undefined && ds.x.cols !== t.features) {
    throw new RangeError(
      `triggers: rows have ${ds.x.cols} features, but the model (${t.name}) takes ${t.features}; ` +
        'a trigger set must be made for the model it marks (same input width and scaling)',
    )
  }
  // Agreement with the marked labels is the target's accuracy on the triggers.
  const r = await measureAccuracy(t, { x: ds.x.data, y: ds.y, features: ds.x.cols }, 'triggers')
  return { agreement: r.accuracy, matched: Math.round(r.accuracy * r.records), triggers: r.records, chance: 1 / r.classes }
}
