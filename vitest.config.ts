import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['extension/test/**/*.test.ts'],
    // The end-to-end tests run on their own (extension/scripts/e2e/vitest.e2e.config.mts), after packaging.
    exclude: ['extension/test/e2e/**', 'extension/test/scratch*/**', 'node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    pool: 'forks',
    globalSetup: ['extension/test/global-setup.ts'],
  },
});
