import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { tsxApiUrl } from '../../runtime/train-many.js'
import { RecipeError, type ReferenceRecipe } from './recipe.js'

/** Extensions loaded through tsx (as the test files are); anything else is imported by Node itself. */
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/

/**
 * The absolute path of a recipe module given as a path (relative to `base`: the thresholds file's
 * folder, or the working directory for the API) or a `file:` URL.
 */
export function recipePath(given: string, base: string): string {
  return given.startsWith('file:') ? fileURLToPath(given) : path.resolve(base, given)
}

/** How messages name a recipe module: relative to the working directory when inside it. */
export function recipeLabel(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return `recipe ${rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file}`
}

/**
 * A stable identity of a recipe module for caches of trained models: `sha256:` and the hash of the
 * module file's bytes. Only that file: a change in a module it imports does not change it.
 *
 * @throws RecipeError when the file cannot be read.
 */
export function recipeIdentity(file: string): string {
  return `sha256:${createHash('sha256').update(readModule(file)).digest('hex')}`
}

function readModule(file: string): Buffer {
  try {
    if (!statSync(file).isFile()) throw new Error('not a file')
    return readFileSync(file)
  } catch (error) {
    throw new RecipeError(`${recipeLabel(file)}: no module file at ${file} (${(error as Error).message})`, { cause: error })
  }
}

// One import per module and thread: tsx's tsImport would evaluate the module afresh on each call.
const loaded = new Map<string, Promise<ReferenceRecipe>>()

/**
 * The recipe a module exports: its named export `train`, else its default export, which must be a
 * function. TypeScript modules (`.ts`, `.mts`, `.cts`, `.tsx`) are loaded through tsx's
 * `tsImport`, in the calling thread and in workers alike, so both run the same compiled code.
 *
 * @throws RecipeError naming the module when it is missing, fails to load, or exports no function.
 */
export function loadRecipe(file: string): Promise<ReferenceRecipe> {
  let recipe = loaded.get(file)
  if (recipe === undefined) {
    recipe = importRecipe(file)
    loaded.set(file, recipe)
    recipe.catch(() => loaded.delete(file))
  }
  return recipe
}

async function importRecipe(file: string): Promise<ReferenceRecipe> {
  const label = recipeLabel(file)
  readModule(file)
  const url = pathToFileURL(file).href
  let exports: Record<string, unknown>
  try {
    if (TYPESCRIPT.test(file)) {
      const { tsImport } = (await import(tsxApi(label))) as { tsImport: (specifier: string, parent: string) => Promise<Record<string, unknown>> }
      exports = await tsImport(url, import.meta.url)
    } else {
      exports = (await import(url)) as Record<string, unknown>
    }
  } catch (error) {
    if (error instanceof RecipeError) throw error
    throw new RecipeError(`${label}: the module failed to load: ${(error as Error)?.message ?? String(error)}`, { cause: error })
  }
  const train = exports.train ?? exports.default
  if (typeof train !== 'function') {
    const names = Object.keys(exports)
    throw new RecipeError(
      `${label}: expected a function exported as "train" or as the default export, ` +
        `(dataset, { seed, classes, signal }) => Promise<model>; found exports [${names.join(', ')}]`,
    )
  }
  return train as ReferenceRecipe
}

function tsxApi(label: string): string {
  try {
    return tsxApiUrl()
  } catch (error) {
    throw new RecipeError(`${label}: a TypeScript recipe is loaded with tsx, which is not installed; install it (npm i -D tsx) or give a .js module`, { cause: error })
  }
}
