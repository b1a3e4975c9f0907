import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

type Node = { [k: string]: unknown; properties?: Record<string, Node>; additionalProperties?: Node | boolean; $ref?: string; description?: string }
const schema = JSON.parse(readFileSync(new URL('../../schema/thresholds.schema.json', import.meta.url), 'utf8')) as Node & { $defs: Record<string, Node> }

function resolve(n: Node): Node {
  return n.$ref ? resolve(schema.$defs[n.$ref.replace('#/$defs/', '')]) : n
}

/** Every property, at every depth, with its JSON path. */
function properties(n: Node, path: string, seen = new Set<Node>()): Array<[string, Node]> {
  const node = resolve(n)
  if (seen.has(node)) return []
  seen.add(node)
  const out: Array<[string, Node]> = []
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    out.push([`${path}.${k}`, v], ...properties(v, `${path}.${k}`, seen))
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.push(...properties(node.additionalProperties, `${path}.<name>`, seen))
  }
  return out
}

describe('schema/thresholds.schema.json', () => {
  it('is JSON Schema 2020-12 with an $id and a title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.$id).toMatch(/\S/)
    expect(schema.title).toMatch(/\S/)
  })

  it('describes every property (its own description or its definition’s)', () => {
    const all = properties(schema, '$')
    expect(all.length).toBeGreaterThan(40)
    const missing = all.filter(([, v]) => !v.description && !resolve(v).description).map(([p]) => p)
    expect(missing).toEqual([])
  })

  it('refuses unknown keys everywhere', () => {
    const open = Object.entries(schema.$defs)
      .filter(([, d]) => d.properties !== undefined && d.additionalProperties !== false)
      .map(([name]) => name)
    expect(open).toEqual([])
  })
})
