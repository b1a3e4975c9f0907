import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/fixtures/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // No reference-model cache unless a test asks for one: every test trains what it measures, and
    // no run leaves answers behind for the next (test/unit/runtime/cache/ uses folders of its own).
    env: { PRIVACY_GATES_CACHE: 'false' },
  },
})
