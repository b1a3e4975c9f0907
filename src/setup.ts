/**
 * Side-effect entry: registers the privacy matchers with Vitest's `expect`.
 * Use it as `setupFiles: ['vitest-privacy-gates/setup']`, `import 'vitest-privacy-gates/setup'`,
 * or let the plugin (`vitest-privacy-gates/plugin`) register it.
 */
import { expect } from 'vitest'
import './gates/vitest-augmentation.js'
import * as matchers from './gates/matchers/index.js'

expect.extend(matchers as unknown as Parameters<typeof expect.extend>[0])
