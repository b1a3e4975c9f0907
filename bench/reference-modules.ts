import type * as ReferenceModels from '../src/attacks/membership/reference-models.js'
import type * as DatasetModule from '../src/data/dataset.js'
import type * as LoadModule from '../src/data/load.js'
import type * as RngModule from '../src/data/rng.js'
import type * as BackendModule from '../src/runtime/backend.js'
import type * as TrainModule from '../src/runtime/train-classifier.js'

/**
 * The package modules the reference-model benches (recipes.ts, reference.ts) drive, loaded from
 * the TypeScript sources (through tsx) or, with `fromDist`, from the built package (`npm run build`
 * first), so a worker thread can be timed starting from JavaScript.
 */
export async function referenceBenchModules(fromDist: boolean) {
  const load = <T>(path: string): Promise<T> =>
    import(new URL(`${fromDist ? '../dist/' : '../src/'}${path}${fromDist ? '.js' : '.ts'}`, import.meta.url).href) as Promise<T>
  return {
    ...(await load<typeof ReferenceModels>('attacks/membership/reference-models')),
    ...(await load<typeof DatasetModule>('data/dataset')),
    ...(await load<typeof LoadModule>('data/load')),
    ...(await load<typeof RngModule>('data/rng')),
    ...(await load<typeof BackendModule>('runtime/backend')),
    ...(await load<typeof TrainModule>('runtime/train-classifier')),
  }
}
