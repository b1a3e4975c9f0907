import type { Matrix } from '../../data/matrix.js'

/**
 * Checks that `labels` holds one class index per answer row, each inside the row. The scorers index
 * the answers by label: a label outside the row would silently read the next row.
 */
export function checkAnswerLabels(answers: Matrix, labels: Int32Array): void {
  const { rows, cols } = answers
  if (labels.length !== rows) {
    throw new RangeError(`labels: expected one label per answer row (${rows}), found ${labels.length}`)
  }
  for (let r = 0; r < rows; r++) {
    const y = labels[r]
    if (!(y >= 0 && y < cols)) throw new RangeError(`labels[${r}]: expected a class index in 0..${cols - 1}, found ${y}`)
  }
}
