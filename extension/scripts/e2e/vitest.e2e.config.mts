// Vitest configuration for the end-to-end tests: code-server in Debian's chromium, one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['extension/test/e2e/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    globalSetup: ['extension/scripts/e2e/global-setup.ts'],
    fileParallelism: false,
  },
});
