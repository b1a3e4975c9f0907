import { inject } from 'vitest'
import { findConfig, loadConfig, type ResolvedConfig } from './config/index.js'
import { createGateModel, type GateModel } from './model.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** The validated thresholds file, handed to test workers by the plugin. */
    privacyGates: ResolvedConfig
  }
}

/** Options of {@link loadGateModel}. */
export interface LoadGateModelOptions {
  /** A thresholds file to read instead of the one the plugin loaded (or the default lookup). */
  config?: string
}

// One model object per file and name in this worker: gates of a model share their attacks across
// the tests of a file (and of a worker, when Vitest reuses it).
const models = new Map<string, Promise<GateModel>>()
const configs = new Map<string, Promise<ResolvedConfig>>()

/**
 * The model `name` of the thresholds file, with its target, data and gates, ready for
 * `await expect(model).toPassReleaseGates()` and the single-gate matchers without arguments.
 *
 * Which file: `options.config`; else the one the plugin (`privacyGates()`) validated and handed to
 * the workers; else `PRIVACY_GATES_CONFIG`, then `./privacy-gates.json`. An unknown name lists the
 * known ones.
 *
 * @example
 * const model = await loadGateModel('digits-mlp')
 * await expect(model).toPassReleaseGates()
 */
export async function loadGateModel(name: string, options: LoadGateModelOptions = {}): Promise<GateModel> {
  const config = await configFor(options.config)
  const key = `${config.file}\0${name}`
  let model = models.get(key)
  if (!model) {
    model = createGateModel(config, name)
    models.set(key, model)
    model.catch(() => models.delete(key))
  }
  return model
}

function configFor(path: string | undefined): Promise<ResolvedConfig> {
  if (path === undefined) {
    const provided = providedConfig()
    if (provided) return Promise.resolve(provided)
  }
  const file = findConfig({ option: path, env: process.env.PRIVACY_GATES_CONFIG, cwd: process.cwd() }).path
  let config = configs.get(file)
  if (!config) {
    config = loadConfig(file)
    configs.set(file, config)
    config.catch(() => configs.delete(file))
  }
  return config
}

function providedConfig(): ResolvedConfig | undefined {
  try {
    return inject('privacyGates')
  } catch {
    // Outside a Vitest worker (a script, the CLI): no provided context.
    return undefined
  }
}
