import type { Matrix } from '../data/matrix.js'

/** How the lab scales features before training: a constant factor, or z-scores. */
export type Scaling = { kind: 'factor'; factor: number } | { kind: 'standardize' }

/**
 * Returns a function that applies `scaling` to any matrix. For `standardize` the means and standard
 * deviations come from `fit` only (the target's training set), as a real pipeline would fit them;
 * constant columns are left centred, not divided by zero.
 */
export function fitScaling(scaling: Scaling, fit: Matrix): (m: Matrix) => Matrix {
  if (scaling.kind === 'factor') {
    const f = scaling.factor
    return (m) => ({ ...m, data: m.data.map((v) => v * f) })
  }
  const { rows, cols, data } = fit
  const mean = new Float64Array(cols)
  const sd = new Float64Array(cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c] / rows
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sd[c] += (data[r * cols + c] - mean[c]) ** 2 / rows
  for (let c = 0; c < cols; c++) sd[c] = Math.sqrt(sd[c]) || 1
  return (m) => ({ ...m, data: m.data.map((v, i) => (v - mean[i % cols]) / sd[i % cols]) })
}
