import type { Matrix } from '../data/matrix.js'
import type { ClassifierSpec, TrainLabels, TrainOptions } from './classifier.js'
import { trainClassifier } from './train-classifier.js'

/**
 * One model to train and the matrices to predict with it. The model itself never leaves the
 * thread that trained it: only its predictions come back, which keeps memory and the data moved
 * between threads small (a few hundred rows of probabilities instead of weights plus a model).
 *
 * @example
 * const job: TrainJob = {
 *   spec: { features: 64, hidden: [64], classes: 10 }, x, y,
 *   options: { epochs: 50, batchSize: 32, learningRate: 1e-3, seed: 1 },
 *   predict: [members.x, nonMembers.x],
 * }
 */
export interface TrainJob {
  spec: ClassifierSpec
  x: Matrix
  y: TrainLabels
  /** As for `trainClassifier`, without `onEpoch` (a callback cannot run in another thread). */
  options: Omit<TrainOptions, 'onEpoch'>
  /** Matrices to predict once trained; the answer holds one probability matrix per entry, in order. */
  predict: Matrix[]
}

/**
 * Trains one `trainMany` job in the calling thread and returns its predictions; the classifier is
 * disposed before returning. Shared by the serial path and the worker module (one implementation
 * of a job). Free of TensorFlow.js imports: a worker loads tfjs only for a job on the `tfjs` engine.
 * @internal
 */
export async function runJob(job: TrainJob): Promise<Matrix[]> {
  const classifier = await trainClassifier(job.spec, job.x, job.y, job.options)
  try {
    const out: Matrix[] = []
    for (const m of job.predict) out.push(await classifier.predict(m))
    return out
  } finally {
    classifier.dispose()
  }
}
