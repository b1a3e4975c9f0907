/**
 * `npm run generate`: regenerates, from schema/thresholds.schema.json, the TypeScript types of the
 * thresholds file (src/schema/types.ts), the precompiled validators
 * (src/schema/thresholds-validators.generated.ts), its defaults as constants (src/schema/defaults.ts)
 * and the table of its keys in docs/thresholds-file.md. Run it after
 * every schema change; test/unit/gates/generated.test.ts fails until you do.
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { writeFileAtomic } from '../src/report/write-file.js'
import { DEFAULTS_FILE, KEYS_DOC_FILE, renderDefaults, renderKeysSection, renderTypes, renderValidators, replaceKeysSection, ROOT, TYPES_FILE, VALIDATORS_FILE } from './generate-lib.js'

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw err
  }
}

/** Writes `text` only when it differs, so an up-to-date tree keeps its timestamps. */
async function update(path: string, text: string): Promise<void> {
  const before = await readOrEmpty(path)
  const name = relative(ROOT, path)
  if (before === text) {
    console.log(`${name}: up to date`)
    return
  }
  await writeFileAtomic(path, text)
  console.log(`${name}: regenerated`)
}

await update(TYPES_FILE, await renderTypes())
await update(KEYS_DOC_FILE, replaceKeysSection(await readFile(KEYS_DOC_FILE, 'utf8'), renderKeysSection()))
await update(VALIDATORS_FILE, renderValidators())
await update(DEFAULTS_FILE, renderDefaults())
