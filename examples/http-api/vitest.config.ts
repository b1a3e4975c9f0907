import { defineConfig } from 'vitest/config'
import { privacyGates } from 'vitest-privacy-gates/plugin'

export default defineConfig({
  // Registers the matchers and hands the validated privacy-gates.json to the tests.
  plugins: [privacyGates({ config: 'privacy-gates.json' })],
  // Attacks train surrogates: give them more than the default 5 s.
  test: { testTimeout: 120_000 },
})
