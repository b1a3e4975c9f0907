/**
 * Bytes of float32 input an in-process target (ONNX, tfjs) sends per call when no `batchSize` is
 * given. Per-call costs (the runtime's dispatch, a tensor's setup, an event-loop turn) are paid
 * once per batch, so larger batches are cheaper per row until the batch stops fitting in cache;
 * `bench/batch-size.ts` measures the curve on the fixture models (docs/targets.md#batch-sizes).
 */
export const AUTO_BATCH_BYTES = 4 << 20

/** Most rows an automatically sized batch holds, whatever the row width. */
export const MAX_AUTO_BATCH_ROWS = 4096

/**
 * Rows per call of an in-process target with rows of `valuesPerRow` float32 values when the user
 * gave no `batchSize`: about {@link AUTO_BATCH_BYTES} of input, at most
 * {@link MAX_AUTO_BATCH_ROWS} rows, at least one row (224×224×3 images, 588 KiB each, go 6 at a time).
 *
 * @example
 * autoBatchRows(64)   // 4096: digits rows, 256 B each
 * autoBatchRows(784)  // 1337: 28×28 images
 */
export function autoBatchRows(valuesPerRow: number): number {
  return Math.max(1, Math.min(MAX_AUTO_BATCH_ROWS, Math.floor(AUTO_BATCH_BYTES / (4 * Math.max(1, valuesPerRow)))))
}
