// What a ```ts fragment``` block of README.md or docs/*.md may assume (test/docs/code-blocks.test.ts
// puts this file's text before the block and type-checks the two as one file). Keep it small: a
// block that can stand alone, with its own imports, is better than a fragment.
import { expect, test } from 'vitest'
import { loadGateModel, type Dataset, type Target } from 'vitest-privacy-gates'

/** Any model or prediction interface under audit. */
declare const model: Target
/** Records the model was trained on, records it never saw, and the attacker's public pool. */
declare const members: Dataset
declare const nonMembers: Dataset
declare const pool: Dataset
/** Labelled held-out records (fidelity, accuracy). */
declare const evaluation: Dataset
