import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const nextConfig: NextConfig = {
  // The web app imports shared zod schemas and the realtime contract from ../server.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // The root `tsc -p tsconfig.json` type-checks web together with server; no second check here.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
