import { CONFIG_ENV, findConfig, loadConfig, type ResolvedConfig } from '../gates/config/index.js'
import { unknownModelMessage } from '../gates/model.js'
import { asInput } from './as-input.js'
import { UsageError } from './usage-error.js'

/** The flags of a command that reads the thresholds file: `--config FILE` and `--model NAME`. */
export interface ConfigFlags {
  config?: string | undefined
  model?: string | undefined
}

/**
 * The path of the thresholds file `--config` names, else `PRIVACY_GATES_CONFIG`, else
 * `./privacy-gates.json`; `warn` is told when `--config` and the variable name different files.
 * Throws `findConfig`'s error as it is: a command decides whether a missing file is its input's fault.
 */
export function findConfigFile(option: string | undefined, warn: (s: string) => void): string {
  const found = findConfig({ option, env: process.env[CONFIG_ENV], cwd: process.cwd(), optionName: '--config' })
  if (found.warning) warn(found.warning)
  return found.path
}

/**
 * Loads the thresholds file the flags name ({@link findConfigFile}) and picks the models `--model`
 * names: that one, or every model of the file without it. A file that cannot be found or read is
 * an input error; a `--model` the file does not hold is a usage error naming the known models.
 */
export async function loadConfigModels(flags: ConfigFlags, warn: (s: string) => void): Promise<{ config: ResolvedConfig; names: string[] }> {
  const file = await asInput(() => findConfigFile(flags.config, warn))
  const config = await asInput(() => loadConfig(file))
  const known = Object.keys(config.models)
  if (flags.model === undefined) return { config, names: known }
  if (config.models[flags.model] === undefined) throw new UsageError(`--model: ${unknownModelMessage(config, flags.model)}`)
  return { config, names: [flags.model] }
}
