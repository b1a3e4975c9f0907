import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's fixtures, copied into each temporary project so relative paths are exercised. */
export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url))

/**
 * A temporary project folder holding `models/digits/model.json` and the digits split under
 * `data/` (members.csv, non-members.csv, pool.csv), like a user's repository.
 */
export async function makeProject(): Promise<{ dir: string; write: (name: string, content: unknown) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'privacy-gates-config-'))
  await mkdir(join(dir, 'models', 'digits'), { recursive: true })
  await mkdir(join(dir, 'data'), { recursive: true })
  await copyFile(join(FIXTURES, 'models', 'digits-regularised', 'model.json'), join(dir, 'models', 'digits', 'model.json'))
  for (const f of ['members.csv', 'non-members.csv', 'pool.csv']) {
    await copyFile(join(FIXTURES, 'data', 'digits-split', f), join(dir, 'data', f))
  }
  return {
    dir,
    /** Writes a thresholds file (an object is serialised as JSON; a string is written as is) and returns its path. */
    write: async (name, content) => {
      const path = join(dir, name)
      await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      return path
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

/** A minimal valid model entry using the project's files. */
export function digitsModel(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target: { type: 'tfjs', path: 'models/digits/model.json' },
    data: { members: 'data/members.csv', nonMembers: 'data/non-members.csv', pool: 'data/pool.csv' },
    ...extra,
  }
}
