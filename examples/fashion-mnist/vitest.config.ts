import { defineConfig } from 'vitest/config'
import { privacyGates } from 'vitest-privacy-gates/plugin'

export default defineConfig({
  // Registers the matchers and hands the validated privacy-gates.json to the tests.
  plugins: [privacyGates({ config: 'privacy-gates.json' })],
  // LiRA trains k CNN reference models with the recipe: minutes, not the default 5 s.
  test: { testTimeout: 1_200_000 },
})
