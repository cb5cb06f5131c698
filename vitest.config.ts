import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'dist/**'],
    // Tests that spawn bin/rural-dispatch.js run dist/: rebuild it first when it is stale.
    globalSetup: ['test/helpers/build-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
