import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/** Name of the environment variable that names the thresholds file. */
export const CONFIG_ENV = 'PRIVACY_GATES_CONFIG'
/** File name looked for in the working directory when neither the option nor the variable is set. */
export const DEFAULT_CONFIG_NAME = 'privacy-gates.json'

/** Where the thresholds file may be named; all paths relative to `cwd`. */
export interface FindConfigOptions {
  /** The plugin option `config` (or the CLI's `--config`), if given. */
  option?: string
  /** How messages name {@link FindConfigOptions.option}: default `the plugin option config`; the CLI passes `--config`. */
  optionName?: string
  /** The value of `PRIVACY_GATES_CONFIG`, if set. */
  env?: string
  /** The folder relative paths resolve against (and where `privacy-gates.json` is looked for). */
  cwd: string
}

/** The thresholds file found, and how. */
export interface FoundConfig {
  /** Absolute path of the thresholds file. */
  path: string
  /** Which lookup named it. */
  source: 'option' | 'environment' | 'default'
  /** Set when the option and the environment name different files (the option wins). */
  warning?: string
}

/**
 * Finds the thresholds file: the plugin option, else `PRIVACY_GATES_CONFIG`, else
 * `./privacy-gates.json` in `cwd`. A file named explicitly must exist (it is an error, not a
 * reason to fall back: silently gating with another file would hide the mistake). When both the
 * option and the variable are set to different files, the option wins and `warning` says so.
 * Throws, listing what was tried and how to create a file, when nothing is found.
 *
 * @example
 * const { path, warning } = findConfig({ option: options.config, env: process.env.PRIVACY_GATES_CONFIG, cwd: process.cwd() })
 */
export function findConfig(options: FindConfigOptions): FoundConfig {
  const { cwd } = options
  // An empty value is what `PRIVACY_GATES_CONFIG= vitest` gives: treat it as unset.
  const option = options.option === '' ? undefined : options.option
  const env = options.env === '' ? undefined : options.env
  const optionName = options.optionName ?? 'the plugin option config'
  if (option !== undefined) {
    const path = resolve(cwd, option)
    mustExist(path, `${optionName} (${JSON.stringify(option)})`)
    if (env !== undefined && resolve(cwd, env) !== path) {
      return {
        path,
        source: 'option',
        warning:
          `${optionName} (${JSON.stringify(option)}) and ${CONFIG_ENV} (${JSON.stringify(env)}) both name a thresholds file; ` +
          `using ${option} — ${optionName.replace(/ config$/, '')} wins`,
      }
    }
    return { path, source: 'option' }
  }
  if (env !== undefined) {
    const path = resolve(cwd, env)
    mustExist(path, `${CONFIG_ENV} (${JSON.stringify(env)})`)
    return { path, source: 'environment' }
  }
  const path = resolve(cwd, DEFAULT_CONFIG_NAME)
  if (kindOf(path) === 'file') return { path, source: 'default' }
  throw new Error(
    [
      'no thresholds file found; tried:',
      '  - the plugin option config: not set',
      `  - the environment variable ${CONFIG_ENV}: not set`,
      `  - ${path}: ${kindOf(path) === 'directory' ? 'a directory, not a file' : 'not found'}`,
      `Create one with \`npx privacy-gates init\` (it writes ${DEFAULT_CONFIG_NAME}), or name one with ` +
        `privacyGates({ config: 'path/to/privacy-gates.json' }) or ${CONFIG_ENV}=path/to/privacy-gates.json.`,
    ].join('\n'),
  )
}

function kindOf(path: string): 'file' | 'directory' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file'
  } catch {
    return 'missing'
  }
}

function mustExist(path: string, namedBy: string): void {
  const kind = kindOf(path)
  if (kind === 'file') return
  throw new Error(
    `${namedBy} names the thresholds file ${path}, which ${kind === 'directory' ? 'is a directory, not a file' : 'does not exist'}; ` +
      `fix the path, or create the file with \`npx privacy-gates init\``,
  )
}
