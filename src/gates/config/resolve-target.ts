import { resolve } from 'node:path'
import type { FileChecks } from './file-checks.js'
import type { ResolvedTarget } from './resolved-types.js'
import { SCHEMA_DEFAULTS } from '../../schema/defaults.js'
import type { PrivacyGatesConfig } from '../../schema/types.js'
import type { ConfigIssue } from './validate.js'

/**
 * The model's target with defaults filled in, paths absolute and checked to exist (a predictions
 * target's files are read when the target is built); records what the
 * schema cannot say: `label` answers need `classes`, and the `custom` format needs both mappings
 * (which mean nothing for the other formats).
 */
export async function resolveTarget(
  t: PrivacyGatesConfig['models'][string]['target'],
  base: string,
  pointer: string,
  file: string,
  issues: ConfigIssue[],
  files: FileChecks,
): Promise<ResolvedTarget> {
  if (t.type === 'tfjs' || t.type === 'onnx') {
    const path = resolve(base, t.path)
    await files.check(path, `${pointer}/path`)
    if (t.type === 'tfjs') {
      const target: ResolvedTarget = { type: 'tfjs', path, outputMode: t.outputMode ?? SCHEMA_DEFAULTS.TfjsTarget.outputMode }
      if (t.batchSize !== undefined) target.batchSize = t.batchSize
      if (t.layout !== undefined) target.layout = t.layout
      return target
    }
    const onnx = { ...t, path, outputMode: t.outputMode ?? SCHEMA_DEFAULTS.OnnxTarget.outputMode }
    if (onnx.outputMode === 'label' && onnx.classes === undefined) issues.push(needsClasses(file, pointer))
    if (onnx.inputs !== undefined && onnx.inputName !== undefined) {
      issues.push({ file, pointer: `${pointer}/inputName`, message: '"inputName" and "inputs" both name the model\'s inputs; keep "inputs" (it maps every input to its columns)' })
    }
    return onnx
  }
  if (t.type === 'predictions') {
    const paths = { outputs: resolve(base, t.outputs), labels: resolve(base, t.labels), membership: resolve(base, t.membership) }
    for (const [key, path] of Object.entries(paths)) await files.check(path, `${pointer}/${key}`)
    const target: ResolvedTarget = { type: 'predictions', ...paths, outputMode: t.outputMode ?? SCHEMA_DEFAULTS.PredictionsTarget.outputMode }
    if (t.references !== undefined) {
      target.references = { outputs: resolve(base, t.references.outputs), inside: resolve(base, t.references.inside) }
      for (const [key, path] of Object.entries(target.references)) await files.check(path, `${pointer}/references/${key}`)
    }
    return target
  }
  const http = { ...t, format: t.format ?? SCHEMA_DEFAULTS.HttpTarget.format, outputMode: t.outputMode ?? SCHEMA_DEFAULTS.HttpTarget.outputMode }
  if (http.outputMode === 'label' && http.classes === undefined) issues.push(needsClasses(file, pointer))
  if (http.format === 'custom') {
    const absent = (['request', 'response'] as const).filter((k) => http[k] === undefined)
    if (absent.length > 0) {
      issues.push({
        file,
        pointer,
        message: `missing ${absent.map((k) => JSON.stringify(k)).join(' and ')}: format "custom" needs { "pointer": … } for where the rows go in the request and where they are in the answer`,
      })
    }
  } else {
    for (const k of ['request', 'response'] as const) {
      if (http[k] !== undefined) {
        issues.push({ file, pointer: `${pointer}/${k}`, message: `"${k}" applies to format "custom" only; format "${http.format}" has a fixed body (remove it, or set "format": "custom")` })
      }
    }
  }
  return http
}

function needsClasses(file: string, pointer: string): ConfigIssue {
  return { file, pointer, message: 'missing "classes": outputMode "label" answers one class index per row, so the number of classes must be given' }
}
