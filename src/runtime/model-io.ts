import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { initBackend } from './backend.js'
import { tf } from './tf.js'
import { InputError } from '../errors.js'

/**
 * Loads a TensorFlow.js model saved as `model.json` plus binary weight shards, from disk, without
 * `@tensorflow/tfjs-node` (whose `file://` handler is the usual way, but it is optional and absent
 * on most machines that run this package). Layers models (`format: "layers-model"`, or a Keras
 * topology) come back as a `tf.LayersModel`; graph models (`format: "graph-model"`, or a GraphDef
 * topology with `node`) as a `tf.GraphModel`.
 *
 * @param modelJsonPath path of the `model.json` file; shard paths in its `weightsManifest` are
 *   relative to its folder.
 * @throws Error naming the path when the file is missing, is not JSON, is JSON but not a tfjs
 *   model (listing the keys it has), or when a weight shard is missing or has the wrong size.
 * @example
 * const model = await loadTfModel('fixtures/models/digits-leaky/model.json')
 */
export async function loadTfModel(modelJsonPath: string): Promise<tf.LayersModel | tf.GraphModel> {
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new TypeError(`loadTfModel: modelJsonPath: expected a path to model.json, found ${JSON.stringify(modelJsonPath)}`)
  }
  const json = await readModelJson(modelJsonPath)
  const kind = modelKind(json, modelJsonPath)
  await initBackend()
  const handler: tf.io.IOHandler = {
    load: () => tf.io.getModelArtifactsForJSON(json, (manifest) => readWeights(manifest, modelJsonPath)),
  }
  try {
    return kind === 'layers' ? await tf.loadLayersModel(handler) : await tf.loadGraphModel(handler)
  } catch (error) {
    // Our own errors already name the file; tfjs's (a bad topology, an unknown layer) do not.
    if (error instanceof ModelFileError) throw error
    const why = error instanceof Error ? error.message : String(error)
    throw new ModelFileError(`${modelJsonPath}: TensorFlow.js could not build the ${kind} model: ${why}`, { cause: error })
  }
}

/**
 * Saves a `tf.LayersModel` as `<dir>/model.json` plus one `<dir>/weights.bin`, readable by
 * {@link loadTfModel} and by `tf.loadLayersModel` over HTTP. `dir` is created if needed.
 *
 * Both files are first written under temporary names in `dir` and then renamed, weights first, so
 * an interrupted save never leaves a truncated file, nor a new model.json next to old or missing
 * weights. (A crash between the two renames can leave the previous model.json with the new
 * weights; {@link loadTfModel} then refuses the pair when their sizes disagree.)
 *
 * @returns the path of the written `model.json`.
 * @example
 * await saveLayersModel(model, 'fixtures/models/digits-leaky')
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<string> {
  if (model === null || typeof model !== 'object' || typeof (model as { save?: unknown }).save !== 'function') {
    throw new TypeError('saveLayersModel: model: expected a tf.LayersModel')
  }
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`saveLayersModel: dir: expected a folder path, found ${JSON.stringify(dir)}`)
  await mkdir(dir, { recursive: true })
  const jsonPath = path.join(dir, 'model.json')
  const weightsPath = path.join(dir, 'weights.bin')
  const handler: tf.io.IOHandler = {
    save: async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error(`saveLayersModel: ${dir}: binary model topologies are not supported`)
      }
      const weights = artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData)
      // The fields tfjs's own file/HTTP handlers write (tf.io.getModelJSONForModelArtifacts is not
      // exported from the tfjs namespace), optional ones only when present.
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      }
      const stamp = `${process.pid}-${randomBytes(4).toString('hex')}`
      const tmpWeights = `${weightsPath}.${stamp}.tmp`
      const tmpJson = `${jsonPath}.${stamp}.tmp`
      try {
        await writeFile(tmpWeights, new Uint8Array(weights))
        await writeFile(tmpJson, JSON.stringify(modelJson))
        await rename(tmpWeights, weightsPath)
        await rename(tmpJson, jsonPath)
      } catch (error) {
        await rm(tmpWeights, { force: true })
        await rm(tmpJson, { force: true })
        throw error
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    },
  }
  await model.save(handler)
  return jsonPath
}

/** A model file that cannot be used; the message names the file and what is wrong with it. */
export class ModelFileError extends InputError {
  override name = 'ModelFileError'
}

// ---------------------------------------------------------------------------------------------

async function readModelJson(file: string): Promise<tf.io.ModelJSON> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ModelFileError(`${file}: model file does not exist`, { cause: error })
    if (code === 'EISDIR') throw new ModelFileError(`${file}: is a folder; expected the path of its model.json`, { cause: error })
    throw new ModelFileError(`${file}: cannot read the model file: ${(error as Error).message}`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ModelFileError(`${file}: is not valid JSON (${(error as Error).message}); expected a TensorFlow.js model.json`, { cause: error })
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const found = json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json
    throw new ModelFileError(`${file}: expected a TensorFlow.js model.json object, found ${found}`)
  }
  const keys = Object.keys(json)
  const missing = ['modelTopology', 'weightsManifest'].filter((k) => !(k in json))
  if (missing.length > 0) {
    throw new ModelFileError(
      `${file}: is JSON but not a TensorFlow.js model: missing ${missing.map((k) => `"${k}"`).join(' and ')}; ` +
      `found keys [${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}]`,
    )
  }
  const manifest = (json as { weightsManifest: unknown }).weightsManifest
  if (!Array.isArray(manifest) || !manifest.every((g) => g && Array.isArray(g.paths) && Array.isArray(g.weights))) {
    throw new ModelFileError(`${file}: "weightsManifest" must be an array of { paths: string[], weights: [...] } groups`)
  }
  return json as tf.io.ModelJSON
}

/** Layers or graph model: the explicit `format` when present, else the shape of the topology. */
function modelKind(json: tf.io.ModelJSON, file: string): 'layers' | 'graph' {
  if (json.format === 'layers-model') return 'layers'
  if (json.format === 'graph-model') return 'graph'
  const topology = json.modelTopology as Record<string, unknown> | undefined
  if (topology && typeof topology === 'object') {
    // Keras topologies: { class_name, config } or, from older converters, { model_config, ... }.
    if ('class_name' in topology || 'model_config' in topology) return 'layers'
    // GraphDef topologies carry a `node` list.
    if ('node' in topology) return 'graph'
  }
  throw new ModelFileError(
    `${file}: cannot tell a layers model from a graph model: "format" is ${JSON.stringify(json.format)} and ` +
    `"modelTopology" has neither "class_name"/"model_config" (layers) nor "node" (graph)`,
  )
}

/** Reads every shard of the manifest, in order, into one buffer, checking sizes against the specs. */
async function readWeights(
  manifest: tf.io.WeightsManifestConfig, modelJsonPath: string,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const dir = path.dirname(modelJsonPath)
  const specs: tf.io.WeightsManifestEntry[] = []
  const buffers: Uint8Array[] = []
  let total = 0
  for (const group of manifest) {
    specs.push(...group.weights)
    for (const shard of group.paths) {
      const shardPath = path.join(dir, shard)
      try {
        const buffer = await readFile(shardPath)
        buffers.push(buffer)
        total += buffer.byteLength
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const what = code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`
        throw new ModelFileError(`${modelJsonPath}: weight shard "${shard}" (${shardPath}) ${what}`, { cause: error })
      }
    }
  }
  const expected = expectedBytes(specs)
  if (expected !== undefined && expected !== total) {
    throw new ModelFileError(
      `${modelJsonPath}: weight shards hold ${total} bytes, but the manifest's ${specs.length} weights need ${expected}`,
    )
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const b of buffers) { out.set(b, at); at += b.byteLength }
  return [specs, out.buffer]
}

/** Bytes the specs need, or `undefined` when that cannot be known up front (string tensors). */
function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number | undefined {
  const size: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 }
  let total = 0
  for (const s of specs) {
    const dtype = s.quantization?.dtype ?? s.dtype
    const bytes = size[dtype]
    if (bytes === undefined) return undefined
    total += s.shape.reduce((a, b) => a * b, 1) * bytes
  }
  return total
}
