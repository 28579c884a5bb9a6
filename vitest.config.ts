import { defineConfig } from 'vitest/config';

// CI asks for a machine-readable result next to the usual output (.ci/run prints the totals).
const jsonOut = process.env.VITEST_JSON_OUT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // PGlite opens in ~0.5 s from the template, a fresh PostgreSQL database in ~0.2 s.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // Each PGlite instance holds ~0.4 GB; two workers fit a 2-core CI machine comfortably.
    maxWorkers: 2,
    reporters: jsonOut ? ['default', ['json', { outputFile: jsonOut }]] : ['default'],
  },
});
