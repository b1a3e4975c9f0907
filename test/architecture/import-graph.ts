import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import ts from 'typescript'

/** Every module of a source tree and what each imports: other modules (paths) or packages (names). */
export interface ImportGraph {
  /** Module → imported modules (repository-relative `.ts` paths) and packages (`vitest`, `@tensorflow/tfjs`). */
  imports: Map<string, Set<string>>
}

/**
 * Reads the imports of every `.ts` file under `dir` (relative to `root`), with TypeScript's own
 * pre-processor: static imports, re-exports, `import type` and dynamic `import('…')` alike.
 */
export function readImportGraph(root: string, dir = 'src'): ImportGraph {
  const imports = new Map<string, Set<string>>()
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) imports.set(path, new Set(importsOf(readFileSync(join(root, path), 'utf8'), path)))
    }
  }
  walk(dir)
  return { imports }
}

/** What one file imports: relative specifiers resolved to `.ts` paths, packages by name (`node:` builtins left out). */
export function importsOf(text: string, path: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true)
  const out: string[] = []
  for (const { fileName } of importedFiles) {
    if (fileName.startsWith('node:')) continue
    if (fileName.startsWith('.')) out.push(normalize(join(dirname(path), fileName)).replace(/\.js$/, '.ts'))
    else out.push(packageName(fileName))
  }
  return out
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** The layer of a module: its first folder under `src/` (`src/gates/x.ts` → `gates`), or the entry file's name (`index`, `plugin`, `setup`). */
export function layerOf(path: string): string {
  const parts = relative('src', path).split('/')
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0]
}

/** What each layer may import: other layers and packages. A layer may always import itself. */
export type LayerRules = Record<string, { layers: readonly string[]; packages?: readonly string[] }>

/**
 * Every import that crosses layers in a direction `rules` do not allow, as `file → target (rule)`
 * lines. A layer missing from `rules` is itself a violation: a new top-level folder must say where
 * it sits.
 */
export function layeringViolations(graph: ImportGraph, rules: LayerRules): string[] {
  const out: string[] = []
  for (const [file, targets] of graph.imports) {
    const from = layerOf(file)
    const rule = rules[from]
    if (rule === undefined) {
      out.push(`${file}: layer "${from}" has no rule; add it to the layering rules`)
      continue
    }
    for (const target of targets) {
      if (target.startsWith('src/')) {
        const to = layerOf(target)
        if (to !== from && !rule.layers.includes(to)) out.push(`${file} → ${target} ("${from}" may not import "${to}")`)
      } else if (!target.startsWith('.') && !(rule.packages ?? []).includes(target)) {
        out.push(`${file} → ${target} ("${from}" may not import the package "${target}")`)
      }
    }
  }
  return out
}

/** Import cycles between modules (strongly connected components of more than one module, or a module importing itself). */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iteration-free recursion is fine at this size (a few hundred modules).
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next)
    next++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.imports.get(v) ?? []) {
      if (!graph.imports.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || graph.imports.get(v)?.has(v)) cycles.push(component.sort())
    }
  }
  for (const v of graph.imports.keys()) if (!index.has(v)) visit(v)
  return cycles
}

/** Every module `start` loads, directly or through others (packages included). */
export function reachable(graph: ImportGraph, start: string): Set<string> {
  const seen = new Set<string>()
  const todo = [start]
  while (todo.length > 0) {
    const v = todo.pop()!
    for (const w of graph.imports.get(v) ?? []) {
      if (seen.has(w)) continue
      seen.add(w)
      todo.push(w)
    }
  }
  return seen
}
