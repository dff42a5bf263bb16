import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/setup/neo4j.ts'],
    // Integration suites share one Neo4j and one Redis: files run in parallel but isolate their data.
    fileParallelism: true,
  },
});
