import { loadTfModel } from '../runtime/model-io.js'
import { fromTfModel } from '../targets/from-tf-model.js'
import { httpTarget } from '../targets/http/http-target.js'
import { registerSecret } from '../targets/http/secrets.js'
import { onnxTarget } from '../targets/onnx/onnx-target.js'
import { predictionsTarget } from '../targets/predictions/predictions-target.js'
import type { NamedInput } from '../targets/input-shape.js'
import type { Target } from '../targets/target.js'
import type { ResolvedTarget } from './config/index.js'

/** Where a target entry sits, for messages: the thresholds file and the model's name. */
export interface TargetOrigin {
  configFile: string
  name: string
}

/** What the data says about the records: their shape, and the target's `inputs` resolved to column indices. */
export interface RecordLayout {
  recordShape?: readonly number[]
  inputs?: Readonly<Record<string, NamedInput>>
}

/**
 * The {@link Target} of a thresholds-file `target` entry: a tfjs model loaded now, an ONNX session
 * opened now (so a broken file fails here, not in the middle of a gate), predictions read and
 * checked now (the same), or an HTTP target whose
 * `${NAME}` placeholders in `url` are read from `env` now. Retries of an HTTP target are reported
 * on stderr (one line each, never the secret or a record). `records` carries the data's record
 * shape and the target's named inputs resolved against the data files' columns.
 *
 * @example
 * const target = await buildTarget(config.models.api.target, { configFile: config.file, name: 'api' })
 */
export async function buildTarget(
  t: ResolvedTarget,
  origin: TargetOrigin,
  env: Record<string, string | undefined> = process.env,
  records: RecordLayout = {},
): Promise<Target> {
  const { name } = origin
  const { recordShape, inputs } = records
  switch (t.type) {
    case 'tfjs':
      return fromTfModel(await loadTfModel(t.path), { name, outputMode: t.outputMode, batchSize: t.batchSize, layout: t.layout, recordShape })
    case 'onnx': {
      const { type: _type, path, inputs: _names, ...options } = t
      return onnxTarget(path, { ...options, name, recordShape, inputs })
    }
    case 'predictions': {
      const { type: _type, ...files } = t
      return predictionsTarget({ ...files, name })
    }
    case 'http': {
      const { type: _type, url, inputs: _names, ...options } = t
      return httpTarget({
        ...options,
        recordShape,
        inputs,
        name,
        url: expandEnv(url, env, `${origin.configFile}: /models/${name}/target/url`),
        env,
        log: (line) => process.stderr.write(`${line}\n`),
      })
    }
  }
}

/**
 * `text` with each `${NAME}` replaced by the environment variable NAME; an unset one is an error
 * naming the variable and where it is used. Each value is registered as a secret (messages show it
 * as `${NAME}`), since a URL from the environment may hold a key or a private host.
 *
 * @example
 * expandEnv('${API}/v1', { API: 'http://127.0.0.1:8501' }, 'url') // 'http://127.0.0.1:8501/v1'
 */
export function expandEnv(text: string, env: Record<string, string | undefined>, where: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, key: string) => {
    const v = env[key]
    if (v === undefined || v === '') throw new TypeError(`${where}: the environment variable ${key} (in "\${${key}}") is not set; set it to the endpoint's URL`)
    registerSecret(v, `\${${key}}`)
    return v
  })
}
