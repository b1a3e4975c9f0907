import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { writeFileAtomic } from '../../../src/report/write-file.js'

describe('writeFileAtomic', () => {
  it('creates parent folders, replaces the old file and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-write-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const path = join(dir, 'results', 'report.html')
    await writeFileAtomic(path, 'old')
    await writeFileAtomic(path, 'new')
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await readdir(join(dir, 'results'))).toEqual(['report.html'])
  })

  it('a path that is a directory fails naming it, and the temporary file is removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-write-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    await mkdir(join(dir, 'report.html'))
    await expect(writeFileAtomic(join(dir, 'report.html'), 'x')).rejects.toThrow(`cannot write ${join(dir, 'report.html')}: it is a directory`)
    expect(await readdir(dir)).toEqual(['report.html'])
  })
})
