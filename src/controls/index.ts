// Interface controls (docs/architecture.md#layers): wrappers a team puts in front of a target.
export {
  bucket,
  gaussianNoise,
  labelOnly,
  NOISE_FLOOR,
  REVERSE_SIGMOID_BETA,
  REVERSE_SIGMOID_GAMMA,
  reverseSigmoid,
  roundTo,
  topK,
} from './output/index.js'
export type { GaussianNoiseOptions, LabelOnlyOptions, OutputControl, ReverseSigmoidOptions } from './output/index.js'
export * from './governance/index.js'
export * from './monitor/index.js'
