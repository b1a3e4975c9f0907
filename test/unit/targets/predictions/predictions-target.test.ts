import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditMembership } from '../../../../src/attacks/membership/audit.js'
import { DataError } from '../../../../src/data/data-error.js'
import { encodeNpy, type NpyArray } from '../../../../src/data/npy.js'
import { EXIT, exitCodeOf } from '../../../../src/errors.js'
import { predictionsTarget, type PredictionsTargetOptions } from '../../../../src/targets/predictions/predictions-target.js'

// 6 records, 3 classes: members 0–1, non-members 2–3, population 4–5; 2 reference models.
const N = 6
const C = 3
const logits = [2, 0, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1]

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'pg-predictions-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

async function npy(name: string, a: NpyArray): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, encodeNpy(a))
  return path
}

/** Valid files, with `change` replacing some of them; returns the options naming them. */
async function files(change: Partial<Record<'outputs' | 'labels' | 'membership' | 'refOutputs' | 'refInside', NpyArray>> = {}): Promise<PredictionsTargetOptions> {
  const a = {
    outputs: { dtype: 'float32', shape: [N, C], data: Float32Array.from(logits) } as NpyArray,
    labels: { dtype: 'int64', shape: [N], data: Float64Array.from([0, 1, 2, 0, 1, 2]) } as NpyArray,
    membership: { dtype: 'int8', shape: [N], data: Int8Array.from([1, 1, 0, 0, 2, 2]) } as NpyArray,
    refOutputs: { dtype: 'float32', shape: [2, N, C], data: Float32Array.from([...logits, ...logits.map((v) => v / 2)]) } as NpyArray,
    refInside: { dtype: 'bool', shape: [2, N], data: Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]) } as NpyArray,
    ...change,
  }
  return {
    outputs: await npy('outputs.npy', a.outputs),
    outputMode: 'logits',
    labels: await npy('labels.npy', a.labels),
    membership: await npy('membership.npy', a.membership),
    references: { outputs: await npy('ref-outputs.npy', a.refOutputs), inside: await npy('ref-inside.npy', a.refInside) },
  }
}

/** The DataError `predictionsTarget` throws (exit code 2), for its message. */
async function refusal(options: PredictionsTargetOptions): Promise<string> {
  const e = await predictionsTarget(options).then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(DataError)
  expect(exitCodeOf(e)).toBe(EXIT.input)
  return (e as Error).message
}

describe('predictionsTarget', () => {
  it('splits the records by membership, turns logits into probabilities and keeps the reference masks per kind of record', async () => {
    const t = await predictionsTarget(await files())
    expect(t.classes).toBe(C)
    expect(Array.from(t.members.records)).toEqual([0, 1])
    expect(Array.from(t.nonMembers.records)).toEqual([2, 3])
    expect(Array.from(t.population!.records)).toEqual([4, 5])
    expect(Array.from(t.members.labels)).toEqual([0, 1])
    const e2 = Math.exp(2)
    expect(t.members.answers.data[0]).toBeCloseTo(e2 / (e2 + 2), 6)
    expect(t.references!.members).toHaveLength(2)
    expect(Array.from(t.references!.inside.population![0])).toEqual([1, 0])
    expect(Array.from(t.references!.inside.population![1])).toEqual([0, 1])
    await expect(t.query({ data: new Float32Array(3), rows: 1, cols: 3 })).rejects.toThrow(/cannot be queried/)
  })

  it('mismatched row counts: labels, membership, reference outputs — naming both files and the counts', async () => {
    expect(await refusal(await files({ labels: { dtype: 'int64', shape: [5], data: new Float64Array(5) } })))
      .toMatch(/labels\.npy: 5 labels, but .*outputs\.npy holds outputs for 6 records; expected one label per record/)
    expect(await refusal(await files({ membership: { dtype: 'int8', shape: [7], data: new Int8Array(7) } })))
      .toMatch(/membership\.npy: 7 values, but .*outputs\.npy holds outputs for 6 records/)
    expect(await refusal(await files({ refOutputs: { dtype: 'float32', shape: [2, 5, C], data: new Float32Array(30) } })))
      .toMatch(/ref-outputs\.npy: outputs for 5 records per model, but .*outputs\.npy holds 6/)
    expect(await refusal(await files({ refInside: { dtype: 'bool', shape: [2, 5], data: new Uint8Array(10) } })))
      .toMatch(/ref-inside\.npy: shape \[2, 5\]; expected \[2, 6\]/)
  })

  it('a mask that is not boolean: floats, or a value other than 0/1', async () => {
    expect(await refusal(await files({ refInside: { dtype: 'float32', shape: [2, N], data: new Float32Array(12) } })))
      .toMatch(/ref-inside\.npy: holds floats; expected a boolean mask/)
    const two = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 1])
    expect(await refusal(await files({ refInside: { dtype: 'uint8', shape: [2, N], data: two } })))
      .toMatch(/ref-inside\.npy: model 1, record 3: expected a boolean \(True\/False or 1\/0\), found 2/)
  })

  it('a record IN for every reference model has no OUT statistic', async () => {
    const all = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1])
    expect(await refusal(await files({ refInside: { dtype: 'bool', shape: [2, N], data: all } })))
      .toMatch(/ref-inside\.npy: record 4 \(a population record\) is IN for all 2 reference models.*at least one reference model/)
  })

  it('NaN or infinite logits, in the target or a reference model, name the file, record and class', async () => {
    const nan = Float32Array.from(logits); nan[7] = NaN
    expect(await refusal(await files({ outputs: { dtype: 'float32', shape: [N, C], data: nan } })))
      .toMatch(/outputs\.npy: record 2, class 1: expected a finite logit, found NaN/)
    const inf = Float32Array.from([...logits, ...logits]); inf[N * C + 5] = -Infinity
    expect(await refusal(await files({ refOutputs: { dtype: 'float32', shape: [2, N, C], data: inf } })))
      .toMatch(/ref-outputs\.npy: model 1: record 1, class 2: expected a finite logit, found -Infinity/)
    const big = Float64Array.from(logits); big[0] = 1e300
    expect(await refusal(await files({ outputs: { dtype: 'float64', shape: [N, C], data: big } }))).toMatch(/record 0, class 0: expected a finite logit, found 1e\+300, beyond float32/)
  })

  it('probabilities that do not sum to 1', async () => {
    const p = Float32Array.from({ length: N * C }, () => 1 / 3)
    p[9] = 0.5
    const options = { ...(await files({ outputs: { dtype: 'float32', shape: [N, C], data: p } })), outputMode: 'probabilities' as const, references: undefined }
    expect(await refusal(options)).toMatch(/outputs\.npy: record 3: probabilities sum to 1\.1\d*, expected 1 ± 0\.001; if the model returns logits, set outputMode "logits"$/)
    const negative = Float32Array.from({ length: N * C }, () => 1 / 3)
    negative[4] = -0.25
    expect(await refusal({ ...options, outputs: { dtype: 'float32', shape: [N, C], data: negative } }))
      .toBe('outputs (in memory): record 1, column 1: expected a probability in [0, 1], found -0.25; if the model returns logits, set outputMode "logits"')
  })

  it('a class count that differs between the target and the reference outputs', async () => {
    expect(await refusal(await files({ refOutputs: { dtype: 'float32', shape: [2, N, 4], data: new Float32Array(48) } })))
      .toMatch(/ref-outputs\.npy: the reference models have 4 classes \(shape \[2, 6, 4\]\), but .*outputs\.npy has 3/)
  })

  it('labels outside the classes, unknown membership codes, too few members, outputs that are not floats', async () => {
    expect(await refusal(await files({ labels: { dtype: 'int64', shape: [N], data: Float64Array.from([0, 1, 3, 0, 1, 2]) } })))
      .toMatch(/labels\.npy: record 2: expected a class index \(an integer in 0\.\.2/)
    expect(await refusal(await files({ membership: { dtype: 'int8', shape: [N], data: Int8Array.from([1, 1, 0, 0, 3, 2]) } })))
      .toMatch(/membership\.npy: record 4: expected 1 \(member\), 0 \(non-member\) or 2 \(population\), found 3/)
    expect(await refusal(await files({ membership: { dtype: 'int8', shape: [N], data: Int8Array.from([1, 0, 0, 0, 2, 2]) } })))
      .toMatch(/membership\.npy: 1 record\(s\) marked 1; at least 2 members/)
    expect(await refusal(await files({ outputs: { dtype: 'int32', shape: [N, C], data: new Int32Array(N * C) } })))
      .toMatch(/outputs\.npy: holds integers; expected float32 or float64 outputs/)
  })

  it('online LiRA on an audited record no model trained on is refused, naming the mask file and the record', async () => {
    // Members 0–1 are IN for model 0, non-member 2 for model 1, non-member 3 for none.
    const mask = Uint8Array.from([1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1])
    const t = await predictionsTarget(await files({ refInside: { dtype: 'bool', shape: [2, N], data: mask } }))
    const e = await auditMembership(t, { attack: 'lira', settings: { fixedVariance: true } }).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(DataError)
    expect((e as Error).message).toMatch(/ref-inside\.npy: record 3 \(a non-member\) is OUT for every reference model, so online LiRA .* or set online false/)
    // Offline LiRA runs on the same files.
    const offline = await auditMembership(t, { attack: 'lira', settings: { online: false } })
    expect(offline.members).toBe(2)
  })

  it('attacks that need queries or training are refused; lira and rmia without reference outputs too', async () => {
    const t = await predictionsTarget({ ...(await files()), references: undefined })
    await expect(auditMembership(t, { attack: 'shadow' })).rejects.toThrow(/attack "shadow" needs queries or training on pool records.*attacks that run on given outputs: max-confidence/)
    await expect(auditMembership(t, { attack: 'lira' })).rejects.toThrow(/give the predictions target references \{ outputs, inside \}/)
    const suite = await auditMembership(t, { attack: 'strongest' })
    expect(suite.results.map((r) => r.attack)).toEqual(['max-confidence', 'loss', 'entropy', 'modified-entropy', 'label-gap'])
  })
})
