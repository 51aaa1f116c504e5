import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tiers by file name: *.test.ts unit, *.integration.test.ts real PostgreSQL/Redis/ffmpeg,
// *.e2e.test.ts Chromium against a running platform.
export default defineConfig({
  resolve: {
    alias: {
      '@server': path.resolve('server'),
      '@media': path.resolve('media'),
      '@prisma-client': path.resolve('prisma/generated'),
    },
  },
  test: {
    include: ['{server,media,prisma,web,infra,tests}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'web/.next/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './infra/test-support/summary-reporter.ts'],
  },
});
