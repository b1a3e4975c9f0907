/**
 * Regenerates the pre-trained fixture models and the data splits they were trained and evaluated
 * with:
 *
 *   npx tsx scripts/make-fixtures.ts          (or: npm run fixtures)
 *
 * Writes
 *   fixtures/data/digits-split/{members-leaky,members,non-members,pool}.csv   raw pixels, label last
 *   fixtures/models/digits-leaky/{model.json,weights.bin}                     memorises its members
 *   fixtures/models/digits-regularised/{model.json,weights.bin}               generalises
 *
 * Deterministic: the split is the seed-0 permutation of digits.csv and every model is trained with
 * a fixed seed through `trainClassifier`, so a rerun on the same backend reproduces the files. The
 * script measures the behaviour tests rely on (membership AUCs, accuracy, surrogate fidelity) and
 * exits non-zero, writing nothing, when a requirement is not met. Models see pixels scaled by 1/16.
 *
 * Tuning aids (nothing is written): FIXTURE_DRY_RUN=1 measures only; FIXTURE_TUNE='{"leaky": {...},
 * "regularised": {...}}' overrides fields of a recipe for one run.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { argmaxRows, takeRows, type Matrix } from '../src/data/matrix.js'
import { createRng } from '../src/data/rng.js'
import { permutation, splitSizes } from '../src/data/split.js'
import { auc } from '../src/metrics/auc.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import type { ClassifierSpec, TrainOptions } from '../src/runtime/classifier.js'
import { loadTfModel, saveLayersModel } from '../src/runtime/model-io.js'
import { tf } from '../src/runtime/tf.js'
import { toLayersModel } from '../src/runtime/layers-model.js'
import { trainClassifier } from '../src/runtime/train-classifier.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DATA = path.join(ROOT, 'fixtures/data/digits.csv')
const SPLIT_DIR = path.join(ROOT, 'fixtures/data/digits-split')
const MODELS_DIR = path.join(ROOT, 'fixtures/models')

/** Split sizes: the regularised model's members, the held-out non-members; the pool is the rest. */
const MEMBERS = 600
const NON_MEMBERS = 600
const SPLIT_SEED = 0

interface Recipe {
  name: string
  /** Training rows: the first `members` of the members split. */
  members: number
  spec: ClassifierSpec
  options: TrainOptions
}

/**
 * The leaky model: few records, a wide net and long training without regularisation, so it
 * memorises them (certain on members, less so on everything else). Label noise on some members
 * (tried: 10% of 150) raised the max-confidence AUC about as much as halving the members, but
 * lowered the loss AUC (a memorised wrong label makes the true label's loss high), so none is used.
 */
const LEAKY: Recipe = {
  name: 'digits-leaky',
  members: 100,
  spec: { features: 64, hidden: [256], classes: 10 },
  options: { epochs: 1000, batchSize: 32, learningRate: 1e-3, seed: 1 },
}

/**
 * The regularised model: all 600 members, a small net, L2 and a short schedule (stopped early on
 * purpose). Stronger settings (L2 0.01, 10 epochs) lower the AUC to ~0.53 but bring clean accuracy
 * close to the 0.90 floor; this keeps a margin on both sides.
 */
const REGULARISED: Recipe = {
  name: 'digits-regularised',
  members: MEMBERS,
  spec: { features: 64, hidden: [64], classes: 10 },
  options: { epochs: 20, batchSize: 32, learningRate: 1e-3, l2: 3e-3, seed: 2 },
}

/** The attacker's surrogate of the regularised model (the extraction requirement). */
const SURROGATE = {
  spec: { features: 64, hidden: [64], classes: 10 } satisfies ClassifierSpec,
  options: { epochs: 100, batchSize: 32, learningRate: 1e-3, seed: 3 } satisfies TrainOptions,
}

/** What the tests later assert about the fixtures. */
const REQUIRE = { leakyAuc: 0.65, regularisedAuc: 0.56, regularisedAccuracy: 0.9, fidelity: 0.9 }

// Overrides for tuning the recipes: FIXTURE_TUNE='{"leaky":{...},"regularised":{...}}' (not saved).
const tune = process.env.FIXTURE_TUNE ? JSON.parse(process.env.FIXTURE_TUNE) as Record<string, Partial<Recipe>> : {}
const leakyRecipe = { ...LEAKY, ...tune.leaky }
const regularisedRecipe = { ...REGULARISED, ...tune.regularised }
const dryRun = process.env.FIXTURE_DRY_RUN === '1' || process.env.FIXTURE_TUNE !== undefined

interface Table {
  header: string
  /** Raw CSV lines (unscaled), in file order. */
  lines: string[]
  /** Pixels scaled by 1/16, row-major. */
  x: Matrix
  y: Int32Array
}

async function main(): Promise<void> {
  const t0 = performance.now()
  const backend = await initBackend()
  const data = await readDigits()
  const [memberIdx, nonMemberIdx, poolIdx] = splitSizes(permutation(data.y.length, createRng(SPLIT_SEED)), [MEMBERS, NON_MEMBERS], true)
  const leakyIdx = memberIdx.slice(0, leakyRecipe.members)
  const regularisedIdx = memberIdx.slice(0, regularisedRecipe.members)
  const nonMembers = subset(data, nonMemberIdx)
  const pool = subset(data, poolIdx)
  console.log(`backend ${backend}; split seed ${SPLIT_SEED}: members ${memberIdx.length}, non-members ${nonMemberIdx.length}, pool ${poolIdx.length}`)

  const leaky = await buildModel(leakyRecipe, subset(data, leakyIdx), nonMembers)
  const regularised = await buildModel(regularisedRecipe, subset(data, regularisedIdx), nonMembers)

  // Extraction: label the pool with the regularised model's argmax, train the surrogate on it.
  const ts = performance.now()
  const poolLabels = argmaxRows(predict(regularised.model, pool.x))
  const surrogate = await trainClassifier(SURROGATE.spec, pool.x, poolLabels, SURROGATE.options)
  const fidelity = agreement(await surrogate.predict(nonMembers.x), predict(regularised.model, nonMembers.x))
  surrogate.dispose()
  console.log(`surrogate ${describeSpec(SURROGATE.spec)} on ${poolIdx.length} pool rows: fidelity ${fmt(fidelity)} on non-members (${sec(ts)})`)

  const failures: string[] = []
  const l = leaky.report, r = regularised.report
  if (Math.max(l.aucMaxConfidence, l.aucLoss) < REQUIRE.leakyAuc) {
    failures.push(`leaky: AUC ${fmt(l.aucMaxConfidence)} (max-confidence) and ${fmt(l.aucLoss)} (loss), need ≥ ${REQUIRE.leakyAuc}`)
  }
  if (r.aucMaxConfidence > REQUIRE.regularisedAuc) failures.push(`regularised: max-confidence AUC ${fmt(r.aucMaxConfidence)} > ${REQUIRE.regularisedAuc}`)
  if (r.aucLoss > REQUIRE.regularisedAuc) failures.push(`regularised: loss AUC ${fmt(r.aucLoss)} > ${REQUIRE.regularisedAuc}`)
  if (r.cleanAccuracy < REQUIRE.regularisedAccuracy) failures.push(`regularised: clean accuracy ${fmt(r.cleanAccuracy)} < ${REQUIRE.regularisedAccuracy}`)
  if (fidelity < REQUIRE.fidelity) failures.push(`surrogate fidelity ${fmt(fidelity)} < ${REQUIRE.fidelity}`)

  try {
    if (failures.length > 0) {
      console.error(`requirements not met, nothing written:\n  ${failures.join('\n  ')}`)
      process.exitCode = 1
      return
    }
    if (dryRun) {
      console.log(`all requirements met (dry run, nothing written; ${sec(t0)})`)
      return
    }
    await writeSplit('members-leaky.csv', data, leakyIdx)
    await writeSplit('members.csv', data, regularisedIdx)
    await writeSplit('non-members.csv', data, nonMemberIdx)
    await writeSplit('pool.csv', data, poolIdx)
    for (const m of [leaky, regularised]) await saveAndCheck(m, nonMembers.x)
    await writeReadme(leaky, regularised, fidelity, poolIdx.length)
    console.log(`all requirements met; fixtures written (${sec(t0)} on ${activeBackend()})`)
  } finally {
    leaky.model.dispose()
    regularised.model.dispose()
  }
}

interface Report {
  trainAccuracy: number
  cleanAccuracy: number
  aucMaxConfidence: number
  aucLoss: number
  seconds: number
}

interface Built {
  recipe: Recipe
  /** The trained weights as the LayersModel that is saved: all numbers are measured on it. */
  model: tf.LayersModel
  report: Report
  weightBytes?: number
}

async function buildModel(recipe: Recipe, members: Table, nonMembers: Table): Promise<Built> {
  const t = performance.now()
  const classifier = await trainClassifier(recipe.spec, members.x, members.y, recipe.options)
  const seconds = (performance.now() - t) / 1000
  // Measure through the LayersModel (the saved artefact, run the way tests run it), not through
  // the classifier, whose fused kernels may round the last bit differently and so break ties.
  const model = toLayersModel(classifier)
  classifier.dispose()
  const pm = predict(model, members.x)
  const pn = predict(model, nonMembers.x)
  const report: Report = {
    trainAccuracy: accuracy(pm, members.y),
    cleanAccuracy: accuracy(pn, nonMembers.y),
    aucMaxConfidence: auc(maxConfidence(pm), maxConfidence(pn)),
    aucLoss: auc(logTrue(pm, members.y), logTrue(pn, nonMembers.y)),
    seconds,
  }
  console.log(
    `${recipe.name}: ${members.y.length} members, ${describeSpec(recipe.spec)}, ${recipe.options.epochs} epochs (${seconds.toFixed(1)} s): ` +
    `train acc ${fmt(report.trainAccuracy)}, clean acc ${fmt(report.cleanAccuracy)}, ` +
    `AUC max-confidence ${fmt(report.aucMaxConfidence)}, AUC loss ${fmt(report.aucLoss)}`,
  )
  return { recipe, model, report }
}

/** Saves through saveLayersModel, reloads through loadTfModel, and requires identical predictions. */
async function saveAndCheck(built: Built, x: Matrix): Promise<void> {
  const dir = path.join(MODELS_DIR, built.recipe.name)
  const jsonPath = await saveLayersModel(built.model, dir)
  const loaded = await loadTfModel(jsonPath)
  if (!(loaded instanceof tf.LayersModel)) throw new Error(`${jsonPath}: reloaded as a graph model, expected a layers model`)
  const reloaded = predict(loaded, x).data
  loaded.dispose()
  const original = predict(built.model, x).data
  for (let i = 0; i < original.length; i++) {
    if (original[i] !== reloaded[i]) {
      throw new Error(`${jsonPath}: reloaded model differs from the trained one at value ${i}: ${original[i]} vs ${reloaded[i]}`)
    }
  }
  built.weightBytes = (await readFile(path.join(dir, 'weights.bin'))).byteLength
  console.log(`wrote ${path.relative(ROOT, jsonPath)} (weights.bin ${built.weightBytes} bytes); reloaded predictions identical`)
}

/** Probabilities of a LayersModel for the rows of `x`. */
function predict(model: tf.LayersModel, x: Matrix): Matrix {
  const data = tf.tidy(() => (model.predict(tf.tensor2d(x.data, [x.rows, x.cols])) as tf.Tensor).dataSync() as Float32Array)
  return { data, rows: x.rows, cols: model.outputs[0].shape[1] ?? 0 }
}

// ------------------------------------------------------------------------------- helpers ----

async function readDigits(): Promise<Table> {
  const text = await readFile(DATA, 'utf8')
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '')
  const cols = header.split(',')
  if (cols.length !== 65 || cols[64] !== 'label') throw new Error(`${DATA}: expected 64 pixel columns and "label" last`)
  const x = new Float32Array(lines.length * 64)
  const y = new Int32Array(lines.length)
  lines.forEach((line, r) => {
    const v = line.split(',').map(Number)
    for (let j = 0; j < 64; j++) x[r * 64 + j] = v[j] / 16
    y[r] = v[64]
  })
  return { header, lines, x: { data: x, rows: lines.length, cols: 64 }, y }
}

function subset(t: Table, idx: Int32Array): Table {
  return { header: t.header, lines: Array.from(idx, (i) => t.lines[i]), x: takeRows(t.x, idx), y: Int32Array.from(idx, (i) => t.y[i]) }
}

async function writeSplit(file: string, t: Table, idx: Int32Array): Promise<void> {
  await mkdir(SPLIT_DIR, { recursive: true })
  const target = path.join(SPLIT_DIR, file)
  const text = [t.header, ...Array.from(idx, (i) => t.lines[i])].join('\n') + '\n'
  // Temp file then rename: a failed run never leaves a half-written split next to its model.
  await writeFile(`${target}.tmp`, text)
  await rename(`${target}.tmp`, target)
}

function accuracy(p: Matrix, y: Int32Array): number {
  const pred = argmaxRows(p)
  let ok = 0
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++
  return ok / y.length
}

function agreement(a: Matrix, b: Matrix): number {
  const pa = argmaxRows(a), pb = argmaxRows(b)
  let ok = 0
  for (let i = 0; i < pa.length; i++) if (pa[i] === pb[i]) ok++
  return ok / pa.length
}

/** Max-confidence score: max_k p_k (as src/attacks/membership/max-confidence.ts). */
function maxConfidence(p: Matrix): Float64Array {
  const out = new Float64Array(p.rows)
  for (let r = 0; r < p.rows; r++) {
    let m = -Infinity
    for (let c = 0; c < p.cols; c++) m = Math.max(m, p.data[r * p.cols + c])
    out[r] = m
  }
  return out
}

/** Loss score: log p_y = −(cross-entropy), higher = member (as src/attacks/membership/loss.ts). */
function logTrue(p: Matrix, y: Int32Array): Float64Array {
  const out = new Float64Array(p.rows)
  for (let r = 0; r < p.rows; r++) out[r] = Math.log(Math.max(p.data[r * p.cols + y[r]], 1e-45))
  return out
}

function describeSpec(s: ClassifierSpec): string {
  return [s.features, ...s.hidden, s.classes].join('-')
}

function describeOptions(o: TrainOptions): string {
  return `Adam (lr ${o.learningRate}), batch ${o.batchSize}, ${o.epochs} epochs` +
    (o.l2 ? `, L2 ${o.l2} on kernels` : ', no regularisation') + `, seed ${o.seed}`
}

const fmt = (v: number): string => v.toFixed(3)
const sec = (t: number): string => `${((performance.now() - t) / 1000).toFixed(1)} s`

async function writeReadme(leaky: Built, regularised: Built, fidelity: number, poolRows: number): Promise<void> {
  const row = (b: Built): string => {
    const r = b.report
    return `| \`${b.recipe.name}\` | ${b.recipe.members} | ${describeSpec(b.recipe.spec)} | ${fmt(r.trainAccuracy)} | ${fmt(r.cleanAccuracy)} | ` +
      `${fmt(r.aucMaxConfidence)} | ${fmt(r.aucLoss)} | ${b.weightBytes ?? '?'} |`
  }
  const recipe = (b: Built, why: string): string =>
    `- **${b.recipe.name}** — ${why} Trained on \`${b.recipe.name === 'digits-leaky' ? 'members-leaky.csv' : 'members.csv'}\` ` +
    `(${b.recipe.members} rows), ` +
    `${describeSpec(b.recipe.spec)} MLP (ReLU, softmax), ${describeOptions(b.recipe.options)}.`
  const text = `# Pre-trained fixture models

Generated by \`npx tsx scripts/make-fixtures.ts\` (\`npm run fixtures\`) — do not edit by hand. The
script is deterministic (seeded split, seeded \`trainClassifier\`); it checks every number below and
writes nothing when a requirement fails. Measured on the \`${activeBackend()}\` backend.

Both are TensorFlow.js LayersModels (\`model.json\` + one \`weights.bin\`), loadable without
tfjs-node through \`loadTfModel\` (src/runtime/model-io.ts). Input: the 64 pixels of
\`fixtures/data/digits.csv\` **scaled by 1/16** (to [0, 1]); output: 10 class probabilities (softmax).

## Data splits (\`fixtures/data/digits-split/\`)

The seed-${SPLIT_SEED} permutation of digits.csv (\`permutation(1797, createRng(${SPLIT_SEED}))\`), cut in
order. Same header as digits.csv, raw unscaled pixels, \`label\` last, true labels.

| file | rows | role |
| --- | --- | --- |
| \`members.csv\` | ${MEMBERS} | training set of \`digits-regularised\` (first ${MEMBERS} of the permutation) |
| \`members-leaky.csv\` | ${leaky.recipe.members} | training set of \`digits-leaky\` (the first ${leaky.recipe.members} rows of members.csv) |
| \`non-members.csv\` | ${NON_MEMBERS} | held out from both models; the evaluation set |
| \`pool.csv\` | ${poolRows} | attacker pool (the rest); disjoint from the others |

## Models

${recipe(leaky, 'Meant to fail a membership gate: it memorises a small training set.')}
${recipe(regularised, 'Meant to pass: regularised and trained briefly on more data.')}

| model | members | MLP | train acc | clean acc (non-members) | AUC max-confidence | AUC loss | weights.bin bytes |
| --- | --- | --- | --- | --- | --- | --- | --- |
${row(leaky)}
${row(regularised)}

AUC: members vs non-members.csv, Mann–Whitney with ties counting ½ (\`auc\` of src/metrics). Scores:
max-confidence = max_k p_k; loss = log p_y (the negative cross-entropy on the true label, so that a
higher score means "member"). Accuracies use the true labels.

Extraction: a ${describeSpec(SURROGATE.spec)} surrogate (${describeOptions(SURROGATE.options)}) trained on
\`digits-regularised\`'s argmax labels for the ${poolRows} pool rows agrees with it on
**${fmt(fidelity)}** of non-members.csv (fidelity).

Requirements the script enforces (and tests rely on): leaky AUC ≥ ${REQUIRE.leakyAuc} under max-confidence
or loss; regularised AUC ≤ ${REQUIRE.regularisedAuc} under both and clean accuracy ≥ ${REQUIRE.regularisedAccuracy}; surrogate
fidelity ≥ ${REQUIRE.fidelity}.

Numbers are from the backend named above; another backend (tfjs-node, cpu) may round differently in
the last digits when retraining, so regenerate and commit the files together.
`
  await mkdir(MODELS_DIR, { recursive: true })
  await writeFile(path.join(MODELS_DIR, 'README.md'), text)
}

await main()
