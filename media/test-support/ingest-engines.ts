import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { MediaServiceOptions } from '../media-service';

/** Both engines behind the seam; every engine test runs against each of them. */
export const ingestEngines = ['werift', 'mediasoup'] as const;
export type IngestEngineName = (typeof ingestEngines)[number];

/**
 * The worker binary `npm test` built or found (MEDIASOUP_WORKER_BIN, mediasoup's own, or the cached build).
 * Missing, the mediasoup tests fail with this message rather than skip: a skipped engine would pass CI untested.
 */
export function mediasoupWorkerBin(): string {
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = spawnSync(process.execPath, ['infra/scripts/mediasoup-worker.mjs', '--existing'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  throw new Error('no mediasoup worker binary: `npm test` builds it (node infra/scripts/mediasoup-worker.mjs)');
}

/** Media service options that put new shows on the named engine (await `media.engineReady()` before publishing). */
export function engineOptions(name: IngestEngineName): Partial<MediaServiceOptions> {
  return name === 'werift'
    ? { engineChoice: 'werift' }
    : { engineChoice: 'mediasoup', mediasoupWorkerBin: mediasoupWorkerBin() };
}
