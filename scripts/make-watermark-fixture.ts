/**
 * Regenerates the watermarked fixture model and its trigger set:
 *
 *   npx tsx scripts/make-watermark-fixture.ts
 *
 * Writes
 *   fixtures/data/watermark-triggers.csv                      40 noise images (pixels 0..16), label last
 *   fixtures/models/digits-watermarked/{model.json,weights.bin}
 *
 * Trigger-set watermarking (Adi et al., 2018): the triggers are seeded uniform-noise "images", each
 * given a seeded random label; the model is trained on the 600 members of the digits split plus the
 * triggers repeated 5 times (so 40 rare points are learnt next to 600 ordinary ones). Everything is
 * seeded and trained through `trainClassifier`; nothing is written unless the model labels at least
 * 90% of the triggers as marked and keeps clean accuracy ≥ 0.9 on the non-members.
 * Models see pixels scaled by 1/16 (as the other fixtures).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDataset } from '../src/data/load.js'
import { argmaxRows, type Matrix } from '../src/data/matrix.js'
import { createRng } from '../src/data/rng.js'
import { accuracy } from '../src/metrics/accuracy.js'
import { activeBackend, initBackend } from '../src/runtime/backend.js'
import { saveLayersModel } from '../src/runtime/model-io.js'
import { toLayersModel } from '../src/runtime/layers-model.js'
import { trainClassifier } from '../src/runtime/train-classifier.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const TRIGGERS = 40
const REPEAT = 5
const SPEC = { features: 64, hidden: [64], classes: 10 }
const OPTIONS = { epochs: 60, batchSize: 32, learningRate: 1e-3, seed: 4 }

async function main(): Promise<void> {
  await initBackend()
  const members = await loadDataset(path.join(ROOT, 'fixtures/data/digits-split/members.csv'), { scale: 1 / 16 })
  const nonMembers = await loadDataset(path.join(ROOT, 'fixtures/data/digits-split/non-members.csv'), { scale: 1 / 16 })
  const rng = createRng(2018)
  const pixels = Array.from({ length: TRIGGERS }, () => Array.from({ length: 64 }, () => rng.int(17)))
  const labels = Array.from({ length: TRIGGERS }, () => rng.int(10))

  const mx = members.x as Float32Array | number[][]
  const memberRows = mx instanceof Float32Array ? mx.length / 64 : mx.length
  const rows = memberRows + TRIGGERS * REPEAT
  const x = new Float32Array(rows * 64)
  const y = new Int32Array(rows)
  const flat = mx instanceof Float32Array ? mx : Float32Array.from(mx.flat())
  x.set(flat)
  y.set(members.y)
  for (let r = 0; r < REPEAT; r++) {
    for (let t = 0; t < TRIGGERS; t++) {
      const i = memberRows + r * TRIGGERS + t
      x.set(pixels[t].map((v) => v / 16), i * 64)
      y[i] = labels[t]
    }
  }
  const clf = await trainClassifier(SPEC, { data: x, rows, cols: 64 }, y, OPTIONS)
  const trig: Matrix = { data: Float32Array.from(pixels.flat().map((v) => v / 16)), rows: TRIGGERS, cols: 64 }
  const agreement = accuracy(argmaxRows(await clf.predict(trig)), Int32Array.from(labels))
  const nx = nonMembers.x as Float32Array | number[][]
  const nonMemberX: Matrix = nx instanceof Float32Array ? { data: nx, rows: nx.length / 64, cols: 64 } : { data: Float32Array.from(nx.flat()), rows: nx.length, cols: 64 }
  const clean = accuracy(argmaxRows(await clf.predict(nonMemberX)), Int32Array.from(nonMembers.y))
  console.log(`backend ${activeBackend()}: trigger agreement ${agreement.toFixed(3)}, clean accuracy ${clean.toFixed(3)}`)
  if (agreement < 0.9 || clean < 0.9) {
    clf.dispose()
    throw new Error('requirements not met (agreement ≥ 0.9, clean accuracy ≥ 0.9); nothing written')
  }
  const header = [...Array.from({ length: 64 }, (_, i) => `pixel_${i}`), 'label'].join(',')
  const csv = [header, ...pixels.map((p, t) => [...p, labels[t]].join(','))].join('\n') + '\n'
  await mkdir(path.join(ROOT, 'fixtures/data'), { recursive: true })
  await writeFile(path.join(ROOT, 'fixtures/data/watermark-triggers.csv'), csv)
  const model = toLayersModel(clf)
  clf.dispose()
  await saveLayersModel(model, path.join(ROOT, 'fixtures/models/digits-watermarked'))
  model.dispose()
  console.log('wrote fixtures/data/watermark-triggers.csv and fixtures/models/digits-watermarked/')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
