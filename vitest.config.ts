import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tiers by file name: *.test.ts unit, *.integration.test.ts real PostgreSQL/Redis/ffmpeg/Chromium,
// *.e2e.test.ts Chromium or the production topology (tests/topology) against the whole running platform. The
// end-to-end files run last and one at a time: each boots the platform (six processes and nginx for the topology)
// and a media pipeline, which two cores cannot do twice at once reliably.
const sources = '{server,media,prisma,web,infra,tests}/**/*.test.{ts,tsx}';
const endToEnd = 'tests/{e2e,topology}/**/*.e2e.test.ts';

export default defineConfig({
  resolve: {
    alias: {
      '@server': path.resolve('server'),
      '@media': path.resolve('media'),
      '@prisma-client': path.resolve('prisma/generated'),
    },
  },
  test: {
    exclude: ['**/node_modules/**', 'web/.next/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './infra/test-support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit+integration',
          include: [sources],
          exclude: ['**/node_modules/**', 'web/.next/**', endToEnd],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: [endToEnd], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
