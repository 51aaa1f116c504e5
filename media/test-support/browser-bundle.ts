import { build } from 'esbuild';
import path from 'node:path';

// The browser helpers as one script (global `LivecartMedia`) for test and benchmark pages.
// esbuild ships with tsx; the web app bundles the same modules with Next.js instead.
export async function bundleBrowserHelpers(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve(import.meta.dirname, '../browser/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'LivecartMedia',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
