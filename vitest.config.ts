import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['extension/test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    pool: 'forks',
  },
});
