import type { AttackContext } from '../../../../src/attacks/membership/attack.js'
import type { AttackSettings } from '../../../../src/attacks/membership/types.js'
import { toDense, type Dataset } from '../../../../src/data/dataset.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import type { Target } from '../../../../src/targets/target.js'

/**
 * The AttackContext `auditMembership` would build: members and non-members queried once each
 * through `target` (so its queryCount afterwards is members + non-members).
 */
export async function makeContext(
  target: Target,
  members: Dataset,
  nonMembers: Dataset,
  options: { seed?: number; settings?: AttackSettings } = {},
): Promise<AttackContext> {
  const m = toDense(members, 'members')
  const n = toDense(nonMembers, 'nonMembers')
  const memberAnswers = await target.query(m.x)
  const nonMemberAnswers = await target.query(n.x)
  return {
    target,
    members: m,
    nonMembers: n,
    memberAnswers,
    nonMemberAnswers,
    classes: memberAnswers.cols,
    seed: options.seed ?? 0,
    settings: options.settings ?? {},
  }
}

/** A matrix from nested rows, each value rounded to float32 as answers are. */
export function matrix(rows: number[][]): Matrix {
  return { data: Float32Array.from(rows.flat()), rows: rows.length, cols: rows[0]?.length ?? 0 }
}
