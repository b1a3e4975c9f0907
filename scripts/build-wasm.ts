/**
 * `npm run build:wasm`: compiles every AssemblyScript module of the package (`WASM_MODULES` in
 * scripts/build-wasm-lib.ts) and writes the TS module that carries each as base64 into the tsc
 * build. Run it after every change to a file in assembly/; the staleness test fails until you do.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { compileModule, renderModule, ROOT, sourceHash, WASM_MODULES } from './build-wasm-lib.js'

for (const m of WASM_MODULES) {
  const text = renderModule(m, await compileModule(m), await sourceHash(m))
  const before = await readFile(m.module, 'utf8').catch(() => '')
  if (before === text) {
    console.log(`${relative(ROOT, m.module)}: up to date`)
  } else {
    await writeFile(m.module, text)
    console.log(`${relative(ROOT, m.module)}: regenerated`)
  }
}
