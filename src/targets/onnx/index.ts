// ONNX targets through the optional peer dependency onnxruntime-node. Explicit named re-exports only.
export { onnxTarget } from './onnx-target.js'
export type { OnnxTargetOptions } from './onnx-target.js'
export { INSTALL_HINT, loadOnnxRuntime } from './runtime.js'
export type { OrtModule, OrtSession, OrtTensor } from './runtime.js'
