import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { DataError } from '../../../../src/data/data-error.js'
import { loadDataset, streamDataset } from '../../../../src/data/load.js'
import { encodeNpy } from '../../../../src/data/npy.js'
import { createRng } from '../../../../src/data/rng.js'
import { maxConfidenceScores } from '../../../../src/attacks/membership/max-confidence.js'
import { auc } from '../../../../src/metrics/index.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'vpg-audit-stream-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

// Softmax of the first three features: members (larger first feature) get sharper answers.
const target = (rows: number[][]) => rows.map((r) => {
  const e = r.slice(0, 3).map(Math.exp)
  const s = e[0] + e[1] + e[2]
  return e.map((v) => v / s)
})

/** `rows` records of 4 features (two decimals, so CSV and .npy hold the same float32 values) and labels 0..2. */
function records(rows: number, shift: number, seed: number): { x: Float32Array; y: Int32Array; features: 4 } {
  const rng = createRng(seed)
  const x = new Float32Array(rows * 4).map((_, i) => Math.round(100 * (rng.next() * 2 + (i % 4 === 0 ? shift : 0))) / 100)
  return { x, y: new Int32Array(rows).map(() => rng.int(3)), features: 4 }
}

async function writeSet(name: string, d: { x: Float32Array; y: Int32Array }) {
  const rows = d.y.length
  const csv = ['a,b,c,d,label']
  for (let r = 0; r < rows; r++) csv.push([...Array.from(d.x.subarray(r * 4, r * 4 + 4), (v) => v.toFixed(2)), d.y[r]].join(','))
  await writeFile(join(dir, `${name}.csv`), csv.join('\n') + '\n')
  await writeFile(join(dir, `${name}-x.npy`), encodeNpy({ dtype: 'float32', shape: [rows, 4], data: Float32Array.from(d.x, (v) => Number(v.toFixed(2))) }))
  await writeFile(join(dir, `${name}-y.npy`), encodeNpy({ dtype: 'int32', shape: [rows], data: d.y }))
  return { csv: join(dir, `${name}.csv`), npy: { x: join(dir, `${name}-x.npy`), y: join(dir, `${name}-y.npy`) } }
}

describe('auditMembership on streamed sets', () => {
  it('CSV and .npy streams give the result of the same files loaded whole, pairing fingerprint included', async () => {
    const m = await writeSet('members', records(3000, 0.4, 1))
    const n = await writeSet('non-members', records(2500, 0, 2))
    const held = await auditMembership(target, { members: await loadDataset(m.csv), nonMembers: await loadDataset(n.csv), charts: true, seed: 3 })
    // The held sets span several chunks of the audit too: same AUC as scoring all answers at once.
    const whole = async (p: string) => { const d = await loadDataset(p); return maxConfidenceScores({ data: Float32Array.from(target(Array.from({ length: d.rows }, (_, r) => Array.from(d.x.subarray(r * 4, r * 4 + 4)))).flat()), rows: d.rows, cols: 3 }) }
    expect(held.auc).toBeCloseTo(auc(await whole(m.csv), await whole(n.csv)), 12)
    for (const [members, nonMembers] of [[m.csv, n.csv], [m.npy, n.npy], [m.csv, n.npy]] as const) {
      const streamed = await auditMembership(target, { members: await streamDataset(members), nonMembers: await streamDataset(nonMembers), charts: true, seed: 3 })
      expect(streamed).toEqual(held)
    }
  })

  it('attacks that need every record at once read streamed sets whole: same result as held sets', async () => {
    const m = await writeSet('small-members', records(150, 0.4, 3))
    const n = await writeSet('small-non-members', records(150, 0, 4))
    const options = { attack: 'label-noise' as const, settings: { copies: 2 }, seed: 1 }
    const held = await auditMembership(target, { members: await loadDataset(m.npy), nonMembers: await loadDataset(n.npy), ...options })
    const streamed = await auditMembership(target, { members: await streamDataset(m.npy), nonMembers: await streamDataset(n.npy), ...options })
    expect(streamed).toEqual(held)
  })

  it('a non-finite feature deep in a held set names its row; a label past the classes names the file and row', async () => {
    const d = records(5000, 0, 5)
    d.x[4100 * 4 + 1] = Infinity
    await expect(auditMembership(target, { members: d, nonMembers: records(10, 0, 6) }))
      .rejects.toThrow('members.x[4100][1]: expected a finite number, found Infinity')
    const bad = records(3000, 0, 7)
    bad.y[2999] = 3
    const f = await writeSet('bad-label', bad)
    const err = await auditMembership(target, { members: records(10, 0, 8), nonMembers: await streamDataset(f.csv) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as Error).message).toBe(`nonMembers: ${f.csv}: row 2999: label 3 is outside the target's classes 0..2 (it returns 3 outputs)`)
  })
})
