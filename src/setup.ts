/**
 * Side-effect entry: registers the privacy matchers with Vitest's `expect`.
 * Use it as `setupFiles: ['vitest-privacy-gates/setup']` or `import 'vitest-privacy-gates/setup'`.
 */
import { expect } from 'vitest'
import './gates/augment.js'
import { toHaveMembershipAucBelow, toHaveSurrogateFidelityBelow } from './gates/matchers/index.js'

expect.extend({ toHaveMembershipAucBelow, toHaveSurrogateFidelityBelow } as any)
