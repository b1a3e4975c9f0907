import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then renamed over the target,
 * so a crash never leaves a half-written report and readers see the old file or the new one, never
 * a mix. Creates missing parent folders. When the write or the rename fails, the temporary file is
 * removed and the error names `path`.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  try {
    await writeFile(tmp, text)
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(`cannot write ${path}: ${code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, { cause: e })
  }
}
