import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { membershipAttackIds } from '../../../src/attacks/membership/registry.js'
import { needsPool, POOL_ATTACK_IDS } from '../../../src/attacks/membership/types.js'
import { DATA_KEYS, GATE_CATALOGUE, GATE_IDS, isGateId, passes } from '../../../src/gates/catalogue.js'
import { THRESHOLDS_SCHEMA_PATH } from '../../../src/schema/thresholds-schema.js'
import { GATES } from '../../../src/gates/gates.js'
import { reachable, readImportGraph } from '../../architecture/import-graph.js'

interface Node { properties?: Record<string, Node>; $ref?: string; minimum?: number; maximum?: number }
const schema = JSON.parse(readFileSync(THRESHOLDS_SCHEMA_PATH, 'utf8')) as { $defs: Record<string, Node> }
const schemaGates = schema.$defs.Gates.properties!

describe('the gate catalogue', () => {
  it('lists the schema\'s gates, in the schema\'s order', () => {
    expect(GATE_IDS).toEqual(Object.keys(schemaGates))
  })

  it('gives each gate the limit key its schema object has (and not the other one)', () => {
    for (const id of GATE_IDS) {
      const { limitKey, direction } = GATE_CATALOGUE[id]
      const keys = Object.keys(schemaGates[id].properties ?? {})
      expect(keys, id).toContain(limitKey)
      expect(keys, id).not.toContain(limitKey === 'max' ? 'min' : 'max')
      expect(direction, id).toBe(limitKey === 'max' ? 'below' : 'above')
    }
  })

  it('needs only data keys the schema has, and DATA_KEYS are the schema\'s file keys', () => {
    const fileKeys = Object.keys(schema.$defs.Data.properties!).filter((k) => schema.$defs.Data.properties![k].$ref === '#/$defs/DataFile')
    expect([...DATA_KEYS]).toEqual(fileKeys)
    for (const id of GATE_IDS) for (const key of GATE_CATALOGUE[id].needs) expect(DATA_KEYS, id).toContain(key)
  })

  it('is what GATES measure: every gate has its entry and a measure, nothing more', () => {
    expect(Object.keys(GATES)).toEqual(GATE_IDS)
    for (const id of GATE_IDS) {
      const { measure, ...entry } = GATES[id]
      expect(entry, id).toEqual(GATE_CATALOGUE[id])
      expect(typeof measure, id).toBe('function')
    }
  })

  it('passes strictly on the right side of the limit', () => {
    expect(passes({ direction: 'below' }, 0.59, 0.6)).toBe(true)
    expect(passes({ direction: 'below' }, 0.6, 0.6)).toBe(false)
    expect(passes({ direction: 'above' }, 0.6, 0.6)).toBe(false)
    expect(passes({ direction: 'above' }, 0.61, 0.6)).toBe(true)
    expect(isGateId('membershipAuc')).toBe(true)
    expect(isGateId('flagExtraction')).toBe(false)
    expect(isGateId('toString')).toBe(false)
  })

  it('loads no TensorFlow.js and no measuring module, nor does the thresholds-file loader', () => {
    const graph = readImportGraph(fileURLToPath(new URL('../../../', import.meta.url)))
    for (const start of ['src/gates/catalogue.ts', 'src/gates/config/load.ts']) {
      const loaded = [...reachable(graph, start)]
      expect(loaded.filter((m) => m.startsWith('@tensorflow/') || m === 'onnxruntime-node'), start).toEqual([])
      // Modules of those layers reached through `import type` only (the membership attacks' options,
      // which name the reference models' training options and the recipe type, itself naming the
      // target type) load nothing at run time; location.ts says where the reference cache lives (the
      // loader resolves `defaults.cache`) with node:path and node:fs only.
      const typesOnly = new Set([
        'src/attacks/membership/types.ts', 'src/attacks/membership/recipe.ts', 'src/targets/target.ts', 'src/runtime/classifier.ts', 'src/runtime/cache/location.ts',
      ])
      expect(loaded.filter((m) => /^src\/(runtime|attacks|measures|targets)\//.test(m) && !typesOnly.has(m)), start).toEqual([])
    }
  })
})

describe('the pool attacks', () => {
  it('are membership attacks, and only they need the pool', () => {
    for (const id of POOL_ATTACK_IDS) expect(membershipAttackIds).toContain(id)
    expect(membershipAttackIds.filter(needsPool)).toEqual(['shadow', 'lira', 'rmia'])
  })
})
