import type { FidelityMatcherOptions, MembershipMatcherOptions } from './matchers/index.js'

/**
 * The matchers' types for Vitest 4. Any import of `vitest-privacy-gates` or
 * `vitest-privacy-gates/setup` brings them in; a misspelt matcher or option fails to compile.
 * The matchers are async: always `await` them (an un-awaited one cannot fail the test).
 */
declare module 'vitest' {
  interface Matchers<T = any> {
    /**
     * Runs a membership-inference attack on the subject and passes when its AUC is below `max`.
     * @example await expect(model).toHaveMembershipAucBelow(0.6, { members, nonMembers })
     */
    toHaveMembershipAucBelow(max: number, options: MembershipMatcherOptions): Promise<void>
    /**
     * Trains a surrogate on the subject's answers and passes when its fidelity is below `max`.
     * @example await expect(model).toHaveSurrogateFidelityBelow(0.85, { pool, evaluation })
     */
    toHaveSurrogateFidelityBelow(max: number, options: FidelityMatcherOptions): Promise<void>
  }
}

export {}
