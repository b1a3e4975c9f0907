import { access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFileAtomic } from '../report/write-file.js'
import { UsageError } from './usage-error.js'

export const INIT_HELP = `privacy-gates init [--dir DIR] [--force]

Writes a starter privacy-gates.json (with "$schema", so editors complete and check it) and an
example test, privacy.test.ts, into DIR (default: the current folder). Refuses to overwrite
existing files unless --force.
`

/** The starter thresholds file: one model with every gate, at limits a first release can aim for. */
export const STARTER_CONFIG = {
  $schema: './node_modules/vitest-privacy-gates/schema/thresholds.schema.json',
  defaults: {
    data: { label: 'label' },
    gates: {
      membershipAuc: { max: 0.6, message: 'Membership leakage above the release limit: regularise, or return top-1 labels only.' },
      surrogateFidelity: { max: 0.9, budget: 500 },
    },
    seed: 0,
  },
  models: {
    'my-model': {
      description: 'Replace the paths with your model (tfjs model.json) and your data (CSV or JSON).',
      target: { type: 'tfjs', path: 'models/my-model/model.json' },
      data: {
        members: 'data/train.csv',
        nonMembers: 'data/holdout.csv',
        pool: 'data/public.csv',
      },
      gates: {
        membershipAdvantage: { max: 0.2, level: 'warn' },
        membershipTpr: { max: 0.05, atFpr: 0.01, level: 'warn' },
        cleanAccuracy: { min: 0.8 },
      },
    },
  },
}

export const STARTER_TEST = `import { expect, test } from 'vitest'
import { loadGateModel } from 'vitest-privacy-gates'

// vitest.config.ts:
//   import { defineConfig } from 'vitest/config'
//   import { privacyGates } from 'vitest-privacy-gates/plugin'
//   export default defineConfig({ plugins: [privacyGates()], test: { testTimeout: 120_000 } })

test('my-model passes its release gates', async () => {
  const model = await loadGateModel('my-model')
  await expect(model).toPassReleaseGates()
})
`

/** `privacy-gates init`: writes the starter files; returns their paths. */
export async function initCommand(argv: string[], log: (s: string) => void): Promise<string[]> {
  const { values } = parseArgs({ args: argv, strict: true, options: { dir: { type: 'string' }, force: { type: 'boolean', default: false } } })
  const dir = resolve(values.dir ?? '.')
  const files: Array<[string, string]> = [
    [join(dir, 'privacy-gates.json'), JSON.stringify(STARTER_CONFIG, null, 2) + '\n'],
    [join(dir, 'privacy.test.ts'), STARTER_TEST],
  ]
  if (!values.force) {
    for (const [path] of files) {
      if (await exists(path)) throw new UsageError(`${path} already exists; pass --force to overwrite it`)
    }
  }
  for (const [path, text] of files) await writeFileAtomic(path, text)
  log(`wrote ${files.map(([p]) => p).join(' and ')}\nNext: point the paths in privacy-gates.json at your model and data, add the plugin to vitest.config.ts (see privacy.test.ts), run vitest.`)
  return files.map(([p]) => p)
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}
