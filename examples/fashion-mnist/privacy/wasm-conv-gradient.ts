import * as tf from '@tensorflow/tfjs'

/**
 * Registers the filter gradient of a 2-D convolution (`Conv2DBackpropFilter`) for the wasm
 * backend, which lacks it in tfjs-backend-wasm 4.22: without it `model.fit` of any conv2d model
 * fails there, and the cpu backend trains this CNN far slower (73 s for 2 epochs of 256 images
 * here, against under 1 s on wasm). A 2-D convolution is a 3-D one of depth 1, and the wasm backend
 * has the 3-D filter gradient (`Conv3DBackpropFilterV2`): the kernel hands it the same buffers
 * described as `[n, 1, h, w, c]`, so the result is computed by tfjs's own single-threaded C++ loop
 * (deterministic: same inputs, same bits). Stride 1 only (what the example's CNN uses). Idempotent;
 * a no-op when the kernel already exists.
 */
export function registerWasmConvGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm')
  if (conv3d === undefined) throw new Error('registerWasmConvGradient: the wasm backend has no Conv3DBackpropFilterV2 kernel to delegate to')
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo }
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number
        pad: unknown
        dataFormat: string
        dimRoundingMode?: string
        filterShape: [number, number, number, number]
      }
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides
      // Stride 1 only: with stride 2 the delegated kernel's result differs from the definition
      // (checked in test/unit/examples/fashion-mnist-training.test.ts), so it is refused, not guessed.
      if (dataFormat !== 'NHWC' || (pad !== 'valid' && pad !== 'same') || dimRoundingMode != null || sh !== 1 || sw !== 1) {
        throw new Error(
          `Conv2DBackpropFilter (wasm): only NHWC, stride 1, padding 'valid' or 'same' is supported, found ${dataFormat}, stride [${sh}, ${sw}], padding ${JSON.stringify(pad)}`,
        )
      }
      const depth1 = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: [t.shape[0], 1, ...t.shape.slice(1)] })
      const dw = conv3d.kernelFunc({
        inputs: { x: depth1(x), dy: depth1(dy) },
        backend,
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] },
      }) as tf.TensorInfo
      return { ...dw, shape: [...filterShape] }
    },
  })
}
