import { trainWith } from '../../../examples/fashion-mnist/privacy/train-reference.js'

/** The example's CNN recipe with a test-sized budget (8 epochs instead of 40), for npm test. */
export const train = trainWith({ epochs: 8, batchSize: 32, learningRate: 2e-3 })
