import type { Matrix } from '../data/matrix.js'
import type { TrainJob } from './train-many.js'
import { trainClassifier } from './train-classifier.js'

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
