import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql-js must load once: ESM and CJS copies would fail with "another module or realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/unhandled-guard.ts'],
    pool: 'threads',
    testTimeout: 15_000,
  },
});
