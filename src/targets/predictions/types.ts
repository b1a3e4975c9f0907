import type { Matrix } from '../../data/matrix.js'
import type { Target } from '../target.js'

/**
 * One kind of record of a predictions target (members, non-members or population): the model's
 * answers as probability rows, the true labels, and where each record sits in the files.
 */
export interface RecordGroup {
  /** Probability rows (a softmax of logits), float32 like every answer. */
  answers: Matrix
  labels: Int32Array
  /** Index of each row in the files (the records axis), for messages. */
  records: Int32Array
}

/**
 * Reference models' outputs on the records an attack scores, and which records each model trained
 * on. Made by training (`attacks/membership/reference-outputs.ts`) or read from files (a
 * predictions target); LiRA and RMIA score from it either way.
 */
export interface ReferenceOutputs {
  /** Per model, its probability rows on the members. */
  members: Matrix[]
  /** Per model, its probability rows on the non-members. */
  nonMembers: Matrix[]
  /** Per model, its probability rows on the population (RMIA's), when there is one. */
  population?: Matrix[]
  /**
   * Per model, 1 where it trained on the record. A group without a mask: no model trained on any
   * of its records (offline).
   */
  inside: { members?: Uint8Array[]; nonMembers?: Uint8Array[]; population?: Uint8Array[] }
  /** Files the outputs and the mask came from, for messages; absent for trained models. */
  files?: { outputs: string; inside: string }
}

/**
 * A model under test seen only through outputs computed elsewhere (see `predictionsTarget`): it
 * cannot be queried, so only membership attacks that need no query run on it.
 */
export interface PredictionsTarget extends Target {
  readonly kind: 'privacy-gates/predictions'
  readonly members: RecordGroup
  readonly nonMembers: RecordGroup
  /** Records RMIA compares with (membership 2 in the files). */
  readonly population?: RecordGroup
  /** Number of classes (columns of the outputs). */
  readonly classes: number
  readonly references?: ReferenceOutputs
  /** The files read, for messages. */
  readonly files: { outputs: string; labels: string; membership: string }
}

/** Whether `v` is a {@link PredictionsTarget}. */
export function isPredictionsTarget(v: unknown): v is PredictionsTarget {
  return v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'privacy-gates/predictions'
}
