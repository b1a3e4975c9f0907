import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Registers toHaveMembershipAucBelow, toHaveSurrogateFidelityBelow, ...
    setupFiles: ['vitest-privacy-gates/setup'],
    // Attacks train surrogates: give them more than the default 5 s.
    testTimeout: 120_000,
  },
})
