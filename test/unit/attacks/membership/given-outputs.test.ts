import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { referenceOutputs } from '../../../../src/attacks/membership/reference-outputs.js'
import { RMIA_A_GRID } from '../../../../src/attacks/membership/rmia-tune.js'
import type { AttackSettings, MembershipResult } from '../../../../src/attacks/membership/types.js'
import type { DenseDataset } from '../../../../src/data/dataset.js'
import type { Matrix } from '../../../../src/data/matrix.js'
import { encodeNpy, type NpyArray } from '../../../../src/data/npy.js'
import { predictionsTarget } from '../../../../src/targets/predictions/predictions-target.js'
import type { Target } from '../../../../src/targets/target.js'
import { CLASSES, context, SMALL, smallProblem, trainedTarget } from './synthetic.js'

// "Precomputed predictions give the same LiRA/RMIA AUC and TPR as running the attacks in-process":
// a real MLP target and real reference models, trained here; their outputs written to files
// (encodeNpy, NumPy when it is installed, JSON, CSV), read back by predictionsTarget, and attacked
// with the same scoring code.

const SEED = 5
const settings: AttackSettings = { ...SMALL, k: 4 }
const asDataset = (d: DenseDataset) => ({ x: d.x.data, y: d.y, features: d.x.cols })
const problem = smallProblem

let target: Target
let arrays: Record<'outputs' | 'labels' | 'membership' | 'refOutputs' | 'refInside', NpyArray>
let dir: string

function stack(parts: Matrix[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, m) => s + m.data.length, 0))
  let at = 0
  for (const m of parts) { out.set(m.data, at); at += m.data.length }
  return out
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-given-'))
  target = await trainedTarget(problem.members)
  // The reference models the in-process attacks train: the same seed gives the same halves and models.
  const ctx = await context(target, problem, settings, SEED)
  const refs = await referenceOutputs(ctx, 'rmia', 4, true)
  const poolAnswers = await target.query(problem.pool.x)
  const { members, nonMembers, pool } = problem
  const n = members.y.length + nonMembers.y.length + pool.y.length
  const k = refs.members.length
  const inside = new Uint8Array(k * n)
  refs.inside.population!.forEach((mask, j) => inside.set(mask, j * n + members.y.length + nonMembers.y.length))
  arrays = {
    outputs: { dtype: 'float32', shape: [n, CLASSES], data: stack([ctx.memberAnswers, ctx.nonMemberAnswers, poolAnswers]) },
    labels: { dtype: 'int64', shape: [n], data: Float64Array.from([...members.y, ...nonMembers.y, ...pool.y]) },
    membership: {
      dtype: 'int8', shape: [n],
      data: Int8Array.from([...members.y.map(() => 1), ...nonMembers.y.map(() => 0), ...pool.y.map(() => 2)]),
    },
    refOutputs: { dtype: 'float32', shape: [k, n, CLASSES], data: stack(refs.members.flatMap((m, j) => [m, refs.nonMembers[j], refs.population![j]])) },
    refInside: { dtype: 'bool', shape: [k, n], data: inside },
  }
}, 60_000)

afterAll(async () => {
  target?.dispose?.()
  await rm(dir, { recursive: true, force: true })
})

/** The aggregates that must match: AUC with its interval, advantage, TPR at every FPR level with its interval, what was tuned. */
const numbers = (r: MembershipResult) => ({ auc: r.auc, aucInterval: r.aucInterval, advantage: r.advantage, tprAtFpr: r.tprAtFpr, tuned: r.tuned, members: r.members, nonMembers: r.nonMembers })

const runs: Array<[string, AttackSettings]> = [
  ['lira', settings],
  ['rmia', settings],
  ['rmia', { ...settings, a: 'tune' }],
]

async function inProcess(attack: string, s: AttackSettings): Promise<MembershipResult> {
  const { members, nonMembers, pool } = problem
  return auditMembership(target, { members: asDataset(members), nonMembers: asDataset(nonMembers), pool: asDataset(pool), attack: attack as 'lira', settings: s, seed: SEED })
}

async function fromFiles(paths: Record<keyof typeof arrays, string>, attack: string, s: AttackSettings): Promise<MembershipResult> {
  const given = await predictionsTarget({
    outputs: paths.outputs, labels: paths.labels, membership: paths.membership, references: { outputs: paths.refOutputs, inside: paths.refInside },
  })
  return auditMembership(given, { attack: attack as 'lira', settings: s, seed: SEED })
}

async function writeAll(ext: string, encode: (a: NpyArray) => string | Uint8Array): Promise<Record<keyof typeof arrays, string>> {
  const paths = {} as Record<keyof typeof arrays, string>
  for (const [key, a] of Object.entries(arrays)) {
    paths[key as keyof typeof arrays] = join(dir, `${key}.${ext}`)
    await writeFile(join(dir, `${key}.${ext}`), encode(a))
  }
  return paths
}

function nested(a: NpyArray): unknown {
  const values = Array.from(a.data as ArrayLike<number>, (v) => (a.dtype === 'bool' ? v === 1 : v))
  const build = (dims: number[], at: number): unknown => {
    if (dims.length === 0) return values[at]
    const size = dims.slice(1).reduce((p, q) => p * q, 1)
    return Array.from({ length: dims[0] }, (_, i) => build(dims.slice(1), at + i * size))
  }
  return build(a.shape, 0)
}

function csv(a: NpyArray): string {
  // numpy.savetxt's shape: two dimensions at most, a 3-D array as its models' blocks one after another.
  const cols = a.shape.length === 1 ? 1 : a.shape[a.shape.length - 1]
  const v = Array.from(a.data as ArrayLike<number>, (x) => (a.dtype === 'bool' ? (x ? 'True' : 'False') : String(x)))
  const lines: string[] = []
  for (let i = 0; i < v.length; i += cols) lines.push(v.slice(i, i + cols).join(','))
  return lines.join('\n') + '\n'
}

const hasNumpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0

describe('LiRA and RMIA on outputs read from files = in-process on the same outputs', () => {
  it('written with encodeNpy: identical AUC, TPR, intervals and tuned a', async () => {
    const paths = await writeAll('npy', encodeNpy)
    for (const [attack, s] of runs) {
      const expected = numbers(await inProcess(attack, s))
      if (s.a === 'tune') expect(RMIA_A_GRID).toContain(expected.tuned?.a)
      expect(numbers(await fromFiles(paths, attack, s)), `${attack} ${JSON.stringify(s)}`).toEqual(expected)
    }
  }, 60_000)

  it.skipIf(!hasNumpy)('written with numpy.save (when NumPy is installed): identical', async () => {
    const json = join(dir, 'for-numpy.json')
    await writeFile(json, JSON.stringify(Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, { dtype: a.dtype, values: nested(a) }]))))
    const script = `import json, numpy as np\nd = json.load(open(${JSON.stringify(json)}))\nfor k, a in d.items(): np.save(${JSON.stringify(dir)} + '/' + k + '-np.npy', np.array(a['values'], dtype=a['dtype']))\n`
    const py = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })
    expect(py.status, py.stderr).toBe(0)
    const paths = Object.fromEntries(Object.keys(arrays).map((k) => [k, join(dir, `${k}-np.npy`)])) as Record<keyof typeof arrays, string>
    for (const [attack, s] of runs) {
      expect(numbers(await fromFiles(paths, attack, s)), attack).toEqual(numbers(await inProcess(attack, s)))
    }
  }, 60_000)

  it('written as JSON and as CSV: identical', async () => {
    const jsonPaths = await writeAll('json', (a) => JSON.stringify(nested(a)))
    const csvPaths = await writeAll('csv', csv)
    for (const [attack, s] of runs) {
      const expected = numbers(await inProcess(attack, s))
      expect(numbers(await fromFiles(jsonPaths, attack, s)), `json ${attack}`).toEqual(expected)
      expect(numbers(await fromFiles(csvPaths, attack, s)), `csv ${attack}`).toEqual(expected)
    }
  }, 60_000)

  it('the answer-only attacks on the files give the in-process numbers too', async () => {
    const paths = await writeAll('npy', encodeNpy)
    for (const attack of ['max-confidence', 'loss', 'entropy', 'label-gap']) {
      const { members, nonMembers } = problem
      const expected = await auditMembership(target, { members: asDataset(members), nonMembers: asDataset(nonMembers), attack: attack as 'loss', seed: SEED })
      expect(numbers(await fromFiles(paths, attack, {})), attack).toEqual(numbers(expected))
    }
  })
})
