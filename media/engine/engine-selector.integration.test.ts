import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediasoupWorkerBin } from '../test-support/ingest-engines';
import { waitFor } from '../test-support/media-test-server';
import { EngineSelector } from './engine-selector';
import { MediasoupEngine } from './mediasoup/mediasoup-engine';
import { WeriftEngine } from './werift/werift-engine';

// MEDIA_ENGINE=auto as `npm start` runs it: werift at once, mediasoup when the background build drops its worker.
describe('engine selector (auto)', () => {
  let dir: string;
  const selectors: EngineSelector[] = [];
  const lines: string[] = [];
  const logger = {
    info: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  };
  const open = (workerBin: string) => {
    const selector = new EngineSelector({
      choice: 'auto',
      workerBin,
      startWerift: () => WeriftEngine.create({ loopbackOnly: true }),
      startMediasoup: (bin) => MediasoupEngine.create({ workerBin: bin, loopbackOnly: true, workers: 1, logger }),
      logger,
      pollMs: 100,
    });
    selectors.push(selector);
    return selector;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-worker-'));
  });
  afterAll(async () => {
    await Promise.all(selectors.map((selector) => selector.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves on werift while the worker builds, then moves new shows to mediasoup', async () => {
    const bin = path.join(dir, 'mediasoup-worker');
    const selector = open(bin);
    expect(await selector.ready()).toBe('werift');
    expect(selector.health()).toEqual({ ok: true, engine: 'werift', mediasoupWorker: 'missing' });
    await writeFile(`${bin}.status`, 'building 40%');
    expect(selector.health().mediasoupWorker).toBe('building 40%');
    await copyFile(mediasoupWorkerBin(), bin);
    await waitFor(() => selector.health().engine === 'mediasoup', 15_000, 'mediasoup to take over');
    expect(selector.health()).toMatchObject({
      ok: true,
      engine: 'mediasoup',
      mediasoupWorker: 'ready',
      mediasoupWorkers: { workers: 1, running: 1 },
    });
    expect(selector.sfuProcessIds()).toHaveLength(1);
    expect(lines.some((line) => line.includes('mediasoup ready'))).toBe(true);
  });

  it('stays on werift and says why in one line when the worker cannot start', async () => {
    const bin = path.join(dir, 'broken-worker');
    await writeFile(bin, '#!/bin/sh\nexit 3\n');
    await chmod(bin, 0o755);
    const selector = open(bin);
    await waitFor(() => selector.health().mediasoupWorker.startsWith('failed'), 15_000, 'the failure to be reported');
    expect(selector.health()).toMatchObject({ ok: true, engine: 'werift' });
    const failure = lines.find((line) => line.includes(bin));
    expect(failure).toMatch(/did not start: .+; shows stay on werift$/);
    expect(failure).not.toContain('\n');
  });
});
