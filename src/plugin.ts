import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vitest/config'
import { findConfig, loadConfig } from './gates/config/index.js'
import { PrivacyGatesReporter, REPORTER_MARK, reportSetupFailure, type PrivacyGatesReportOptions } from './report/reporter.js'
import { assertSupportedVitest, vitestRoot } from './vitest/compat.js'

/** Options of {@link privacyGates}. */
export interface PrivacyGatesOptions {
  /**
   * The thresholds file, relative to the Vitest root. Default: `PRIVACY_GATES_CONFIG`, then
   * `./privacy-gates.json`.
   */
  config?: string
  /**
   * The gate reports (`results/privacy-gates.csv` and `.json`, a table on stdout, the GitHub job
   * summary): `false` turns them off; `outDir` (relative to the Vitest root, default `results`),
   * `csv` and `json` (relative to `outDir`) move them. Default: on, with the defaults.
   */
  report?: false | PrivacyGatesReportOptions
  /**
   * Progress lines on stderr for long work (surrogate epochs, reference models, queries). Off by
   * default inside Vitest (the reporter's output stays readable); `true` turns them on (it sets
   * `PRIVACY_GATES_PROGRESS=1` for the test workers, as does setting it in the environment).
   */
  progress?: boolean
}

/** The setup file that registers the matchers, beside this module in `src/` and `dist/`. */
const SETUP_FILE = fileURLToPath(new URL(`./setup${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))

/**
 * The Vitest plugin: one line in `vitest.config.ts` registers the matchers, reads and validates the
 * thresholds file before any test runs (a malformed file stops the run with every problem listed),
 * and hands it to the test workers for `loadGateModel`; at the end of the run it writes the gate
 * reports (see {@link PrivacyGatesReporter}) unless `report: false`.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import { privacyGates } from 'vitest-privacy-gates/plugin'
 * export default defineConfig({ plugins: [privacyGates({ config: 'privacy-gates.json' })] })
 */
export function privacyGates(options: PrivacyGatesOptions = {}): Plugin {
  return {
    name: 'vitest-privacy-gates',
    async config(user) {
      // First, before anything else can fail in a way an unsupported Vitest would explain.
      assertSupportedVitest()
      const cwd = vitestRoot(user)
      let config
      try {
        const found = findConfig({ option: options.config, env: process.env.PRIVACY_GATES_CONFIG, cwd })
        if (found.warning) console.warn(`[vitest-privacy-gates] ${found.warning}`)
        config = await loadConfig(found.path)
      } catch (e) {
        // The run stops here, before any reporter exists: replace the last run's reports now.
        if (options.report !== false) await reportSetupFailure(options.report ?? {}, cwd, e)
        throw e
      }
      return {
        test: {
          setupFiles: [SETUP_FILE],
          provide: { privacyGates: config },
          ...(options.progress === undefined ? {} : { env: { PRIVACY_GATES_PROGRESS: options.progress ? '1' : '0' } }),
        },
      }
    },
    configureVitest({ vitest }) {
      if (options.report === false) return
      const reporters = vitest.config.reporters as unknown[]
      // A reporter the user listed already (`new PrivacyGatesReporter(...)`) wins over the plugin's.
      if (reporters.some((r) => typeof r === 'object' && r !== null && REPORTER_MARK in r)) return
      reporters.push(new PrivacyGatesReporter(options.report ?? {}))
    },
  }
}
export { PrivacyGatesReporter, type PrivacyGatesReportOptions } from './report/reporter.js'
