/**
 * `npx tsx scripts/make-fashion-cnn.ts`: trains the Fashion-MNIST CNN fixture on the 500 members of
 * fixtures/data/fashion-mnist/ (seed {@link SEED}, the example's own training code in
 * examples/fashion-mnist/privacy/fashion-cnn.ts, wasm backend), saves it as
 * fixtures/models/fashion-cnn/ (tfjs LayersModel, input [null, 28, 28, 1]) and exports it to
 * fixtures/models/fashion-cnn.onnx (input [N, 1, 28, 28], NCHW) with scripts/onnx-cnn.ts.
 * Prints train and clean accuracy. Deterministic on the wasm backend: the same bytes every run.
 */
import { writeFileSync } from 'node:fs'
import { tf } from '../src/runtime/tf.js'
import { saveLayersModel } from '../src/runtime/model-io.js'
import { fitFashionCnn, TARGET_TRAINING } from '../examples/fashion-mnist/privacy/fashion-cnn.js'
import { FASHION_CNN, FASHION_ONNX, loadFashionSplit, renderFashionOnnx, type FashionSplit } from './fashion-cnn-lib.js'

/** Seed of the target's initialisers and shuffles. */
export const SEED = 6

const [members, nonMembers] = await Promise.all([loadFashionSplit('members'), loadFashionSplit('non-members')])
const started = Date.now()
const model = await fitFashionCnn(members.x, members.y, { seed: SEED, classes: 10, training: TARGET_TRAINING })
const seconds = (Date.now() - started) / 1000
const accuracy = (d: FashionSplit): number => {
  const predicted = tf.tidy(() => (model.predict(tf.tensor4d(d.x, [d.y.length, 28, 28, 1])) as tf.Tensor).argMax(1).dataSync())
  let right = 0
  for (let i = 0; i < d.y.length; i++) if (predicted[i] === d.y[i]) right++
  return right / d.y.length
}
await saveLayersModel(model, FASHION_CNN)
const { bytes, layers } = renderFashionOnnx()
writeFileSync(FASHION_ONNX, bytes)
console.log(`fashion-cnn (${tf.getBackend()}, ${seconds.toFixed(1)} s, ${JSON.stringify(TARGET_TRAINING)}, seed ${SEED}): train accuracy ${accuracy(members).toFixed(3)}, clean accuracy (non-members) ${accuracy(nonMembers).toFixed(3)}`)
console.log(`fixtures/models/fashion-cnn.onnx: ${bytes.length} bytes, ${layers}`)
