import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The toolchain the end-to-end and type tests drive: the Vitest binary they start, the tsc they
// compile users' files with, the folder the fixture projects run from. By default this repository's
// own (Vitest 4, TypeScript 5.9, the package by self-reference). With PRIVACY_GATES_TOOLCHAIN set to
// a project made by scripts/toolchain-e2e.ts (Vitest 5, TypeScript 7, the packed tarball
// installed, copies of the fixture projects), the same test files run against that project, under
// whichever Node runs them (the script runs them under Node 22).

const repo = fileURLToPath(new URL('../../', import.meta.url))
const project = process.env.PRIVACY_GATES_TOOLCHAIN || undefined

/** Where a package of the toolchain is installed (its folder). */
function packageDir(name: string): string {
  const from = project ? join(project, 'package.json') : import.meta.url
  return dirname(createRequire(from).resolve(`${name}/package.json`))
}

const version = (dir: string) => String((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: unknown }).version)
const vitestDir = packageDir('vitest')
const typescriptDir = packageDir('typescript')

/** A packed package: the tarball, and the paths inside it (without the `package/` prefix). */
export interface Packed {
  tarball: string
  files: string[]
}

/** The toolchain under test. */
export const toolchain = {
  /** `this repository` or the second toolchain's project folder, for test titles and messages. */
  name: project ? `project ${project}` : 'this repository',
  /** The Vitest binary (run it with `process.execPath`). */
  vitestBin: join(vitestDir, 'vitest.mjs'),
  /** Its version, as the reporter writes it into privacy-gates.json. */
  vitestVersion: version(vitestDir),
  /** The tsc binary (run it with `process.execPath`). */
  tscBin: join(typescriptDir, 'bin', 'tsc'),
  typescriptVersion: version(typescriptDir),
  /**
   * The package as the toolchain's project packed it (`npm pack` of this repository: the tarball
   * and the paths in it), for the newcomer test to install instead of packing again; undefined for
   * this repository's own runs.
   */
  packed: project ? (JSON.parse(readFileSync(join(project, 'toolchain.json'), 'utf8')) as { packed: Packed }).packed : undefined,
  /** A path inside this repository, as the toolchain's project sees it (fixtures and type cases are copied there). */
  path(relative: string): string {
    return join(project ?? repo, relative)
  },
}
