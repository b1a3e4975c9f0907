/**
 * Shared inputs of the metrics tests: seeded score sets with ties, and the committed Python
 * reference values (see make-sklearn-values.py for how they were made). Not a test file.
 */
import { readFileSync } from 'node:fs'
import { createRng, type Rng } from '../../../src/data/rng.js'

/** One seeded random case: member and non-member scores drawn on a coarse grid, so ties abound. */
export interface ScoreCase {
  name: string
  members: Float64Array
  nonMembers: Float64Array
}

/**
 * Scores on a grid of `levels` values in [0, 1) (ties within and across the two sets), members
 * shifted by `shift` grid steps; a negative shift gives an AUC below 0.5.
 */
function gridScores(rng: Rng, count: number, levels: number, shift: number): Float64Array {
  const s = new Float64Array(count)
  for (let i = 0; i < count; i++) s[i] = Math.min(levels - 1, Math.max(0, rng.int(levels) + Math.round(shift * rng.next()))) / levels
  return s
}

/** Deterministic random cases covering balanced, unbalanced, heavily tied and reversed scores. */
export function randomCases(): ScoreCase[] {
  const rng = createRng(20240601)
  const specs: [string, number, number, number, number][] = [
    // name, members, non-members, grid levels, member shift (grid steps)
    ['balanced, 20 levels', 300, 300, 20, 4],
    ['balanced, 1000 levels', 400, 350, 1000, 150],
    ['unbalanced 30 vs 900', 30, 900, 50, 10],
    ['unbalanced 700 vs 40', 700, 40, 50, 10],
    ['binary scores', 200, 250, 2, 1],
    ['reversed (AUC < 0.5)', 250, 200, 30, -12],
    ['one member', 1, 120, 10, 3],
    ['one non-member', 90, 1, 10, 3],
  ]
  return specs.map(([name, n, m, levels, shift]) => ({
    name,
    members: gridScores(rng, n, levels, shift),
    nonMembers: gridScores(rng, m, levels, 0),
  }))
}

/** Plain standard-normal scores (practically no ties), for cases where ties are not the point. */
export function normalScores(seed: number, count: number, mean: number): Float64Array {
  const rng = createRng(seed)
  const s = new Float64Array(count)
  for (let i = 0; i < count; i++) s[i] = mean + rng.normal()
  return s
}

/** One score set of sklearn-values.json. */
export interface ReferenceCase {
  name: string
  note: string
  members: number[]
  nonMembers: number[]
  auc: number
  /** The first threshold is null: scikit-learn's marker for "nobody predicted member". */
  roc: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] }
  advantage: number
  tprAtFpr: Record<string, { tpr: number; fpr: number }>
  delong: { level: number; auc: number; variance: number; interval: [number, number] }[]
}

/** The committed reference file. */
export interface ReferenceValues {
  generator: Record<string, string>
  cases: ReferenceCase[]
  normal: { quantile: { p: number; x: number }[]; cdf: { x: number; p: number }[] }
}

/** Reads sklearn-values.json from beside this file. */
export function referenceValues(): ReferenceValues {
  return JSON.parse(readFileSync(new URL('./sklearn-values.json', import.meta.url), 'utf8')) as ReferenceValues
}

/** Brute-force ROC counts: for every candidate threshold, members and non-members with score ≥ it. */
export function countAtOrAbove(scores: Float64Array, threshold: number): number {
  let c = 0
  for (const s of scores) if (s >= threshold) c++
  return c
}

/** Every distinct score of both sets, descending, as brute-force candidate thresholds. */
export function distinctDescending(a: Float64Array, b: Float64Array): number[] {
  return [...new Set([...a, ...b].map((v) => v + 0))].sort((x, y) => y - x)
}
