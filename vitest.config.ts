import { defineConfig } from 'vitest/config';

// One suite for both databases: TEST_DATABASE_URL switches integration tests from PGlite to PostgreSQL.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
