/**
 * The text-shaped fixture: a seeded synthetic token data set (fixtures/data/text-tokens/) and a
 * small bag-of-embeddings classifier trained on its members until it memorises them
 * (fixtures/models/text-bag-onnx/model.onnx). The model takes `input_ids` and `attention_mask`,
 * both int64 `[batch, 16]`: embedding (Gather) → masked mean pool → dense → softmax. Used by
 * scripts/make-text-fixture.ts to write the files and by test/unit/fixtures/text-fixture.test.ts
 * to check the committed files are current.
 */
import { join } from 'node:path'
import { createRng } from '../src/data/rng.js'
import { graphToOnnx } from '../src/targets/onnx/onnx-graph.js'
import { ROOT } from './onnx-fixture-lib.js'

/** Tokens per record (padded with id 0, masked out). */
export const SEQ = 16
/** Vocabulary size: id 0 is padding. */
export const VOCAB = 96
/** Embedding width. */
export const DIM = 24
/** Classes. */
export const CLASSES = 3
/** Where the files go. */
export const TEXT_DATA_DIR = join(ROOT, 'fixtures/data/text-tokens')
export const TEXT_MODEL = join(ROOT, 'fixtures/models/text-bag-onnx/model.onnx')

/** Token ids, masks (1 for a real token) and labels of some records. */
export interface TokenSet {
  ids: number[][]
  mask: number[][]
  y: number[]
}

/** The trained weights: embedding `[VOCAB, DIM]`, kernel `[DIM, CLASSES]`, bias `[CLASSES]`. */
export interface TextWeights {
  embedding: Float32Array
  kernel: Float32Array
  bias: Float32Array
}

/**
 * Records of three "topics": each real token is, with probability 0.3, one of its class's five
 * topic tokens, else one of the 80 shared ones; a fifth of the labels are flipped, so a model
 * that fits every member has memorised some.
 */
function makeRecords(n: number, seed: number): TokenSet {
  const rng = createRng(seed)
  const out: TokenSet = { ids: [], mask: [], y: [] }
  for (let i = 0; i < n; i++) {
    const c = rng.int(CLASSES)
    const len = 6 + rng.int(SEQ - 5)
    const ids: number[] = []
    const mask: number[] = []
    for (let t = 0; t < SEQ; t++) {
      if (t >= len) {
        ids.push(0)
        mask.push(0)
        continue
      }
      ids.push(rng.next() < 0.3 ? 1 + 5 * c + rng.int(5) : 16 + rng.int(VOCAB - 16))
      mask.push(1)
    }
    out.ids.push(ids)
    out.mask.push(mask)
    out.y.push(rng.next() < 0.2 ? (c + 1 + rng.int(CLASSES - 1)) % CLASSES : c)
  }
  return out
}

/** Mean of the embeddings of a record's real tokens. */
function pool(w: TextWeights, ids: number[], mask: number[], out: Float64Array): number {
  out.fill(0)
  let count = 0
  for (let t = 0; t < SEQ; t++) {
    if (mask[t] === 0) continue
    count++
    for (let d = 0; d < DIM; d++) out[d] += w.embedding[ids[t] * DIM + d]
  }
  const k = Math.max(count, 1)
  for (let d = 0; d < DIM; d++) out[d] /= k
  return k
}

/**
 * The model's probabilities for one record, computed in JavaScript (the reference the ONNX
 * graph is checked against).
 */
export function forward(w: TextWeights, ids: number[], mask: number[]): number[] {
  const p = new Float64Array(DIM)
  pool(w, ids, mask, p)
  const z = Array.from({ length: CLASSES }, (_, k) => {
    let s = w.bias[k]
    for (let d = 0; d < DIM; d++) s += p[d] * w.kernel[d * CLASSES + k]
    return s
  })
  const m = Math.max(...z)
  const e = z.map((v) => Math.exp(v - m))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

/** Full-batch gradient descent on the cross-entropy, embeddings included, until members are memorised. */
function train(members: TokenSet, seed: number, epochs: number): TextWeights {
  const rng = createRng(seed)
  const w: TextWeights = {
    embedding: Float32Array.from({ length: VOCAB * DIM }, () => rng.normal() * 0.3),
    kernel: Float32Array.from({ length: DIM * CLASSES }, () => rng.normal() * 0.3),
    bias: new Float32Array(CLASSES),
  }
  const lr = 4
  const n = members.y.length
  const p = new Float64Array(DIM)
  const v = new Float64Array(DIM)
  for (let e = 0; e < epochs; e++) {
    const gE = new Float64Array(VOCAB * DIM)
    const gK = new Float64Array(DIM * CLASSES)
    const gB = new Float64Array(CLASSES)
    for (let i = 0; i < n; i++) {
      const count = pool(w, members.ids[i], members.mask[i], p)
      const prob = forward(w, members.ids[i], members.mask[i])
      const g = prob.map((v, k) => (v - (k === members.y[i] ? 1 : 0)) / n)
      for (let k = 0; k < CLASSES; k++) {
        gB[k] += g[k]
        for (let d = 0; d < DIM; d++) gK[d * CLASSES + k] += p[d] * g[k]
      }
      for (let d = 0; d < DIM; d++) {
        let s = 0
        for (let k = 0; k < CLASSES; k++) s += g[k] * w.kernel[d * CLASSES + k]
        v[d] = s / count
      }
      for (let t = 0; t < SEQ; t++) {
        if (members.mask[i][t] === 0) continue
        const row = members.ids[i][t] * DIM
        for (let d = 0; d < DIM; d++) gE[row + d] += v[d]
      }
    }
    for (let i = 0; i < gE.length; i++) w.embedding[i] -= lr * gE[i]
    for (let i = 0; i < gK.length; i++) w.kernel[i] -= lr * gK[i]
    for (let i = 0; i < gB.length; i++) w.bias[i] -= lr * gB[i]
  }
  return w
}

/** CSV text with `tok_0..tok_15`, `mask_0..mask_15` and `label` columns. */
export function toCsv(s: TokenSet): string {
  const head = [...Array.from({ length: SEQ }, (_, i) => `tok_${i}`), ...Array.from({ length: SEQ }, (_, i) => `mask_${i}`), 'label'].join(',')
  return `${head}\n${s.y.map((y, i) => [...s.ids[i], ...s.mask[i], y].join(',')).join('\n')}\n`
}

/** The ONNX bytes of the trained model. */
export function textModelToOnnx(w: TextWeights): Uint8Array {
  const f = (name: string, dims: number[], values: ArrayLike<number>) => ({ name, dims, type: 'float32' as const, values })
  const i64 = (name: string, values: number[]) => ({ name, dims: [values.length], type: 'int64' as const, values })
  return graphToOnnx({
    name: 'text-bag',
    nodes: [
      { op: 'Gather', inputs: ['embedding', 'input_ids'], outputs: ['embedded'], attrs: { axis: 0 } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attrs: { to: 1 } },
      { op: 'Unsqueeze', inputs: ['mask_f', 'axis_2'], outputs: ['mask_3d'] },
      { op: 'Mul', inputs: ['embedded', 'mask_3d'], outputs: ['masked'] },
      { op: 'ReduceSum', inputs: ['masked', 'axis_1'], outputs: ['summed'], attrs: { keepdims: 0 } },
      { op: 'ReduceSum', inputs: ['mask_f', 'axis_1'], outputs: ['count'], attrs: { keepdims: 1 } },
      { op: 'Max', inputs: ['count', 'one'], outputs: ['count_1'] },
      { op: 'Div', inputs: ['summed', 'count_1'], outputs: ['pooled'] },
      { op: 'Gemm', inputs: ['pooled', 'kernel', 'bias'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], attrs: { axis: 1 } },
    ],
    initializers: [f('embedding', [VOCAB, DIM], w.embedding), f('kernel', [DIM, CLASSES], w.kernel), f('bias', [CLASSES], w.bias), f('one', [1], [1]), i64('axis_1', [1]), i64('axis_2', [2])],
    inputs: [
      { name: 'input_ids', type: 'int64', dims: ['batch', SEQ] },
      { name: 'attention_mask', type: 'int64', dims: ['batch', SEQ] },
    ],
    outputs: [{ name: 'probabilities', type: 'float32', dims: ['batch', CLASSES] }],
    producer: 'vitest-privacy-gates scripts/make-text-fixture.ts',
    doc: 'text-bag: embedding (96×24) → masked mean pool → dense (24→3) → softmax, trained to memorise fixtures/data/text-tokens/members.csv',
  })
}

/** Everything the fixture script writes, from the seed; deterministic. */
export function renderTextFixture(): { members: TokenSet; nonMembers: TokenSet; weights: TextWeights; bytes: Uint8Array; files: Record<string, string> } {
  const members = makeRecords(96, 1501)
  const nonMembers = makeRecords(96, 1502)
  const weights = train(members, 1503, 500)
  return {
    members,
    nonMembers,
    weights,
    bytes: textModelToOnnx(weights),
    files: { 'members.csv': toCsv(members), 'non-members.csv': toCsv(nonMembers) },
  }
}
