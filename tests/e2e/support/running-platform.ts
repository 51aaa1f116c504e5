// One platform process and one Chromium per end-to-end file: started before its tests, stopped after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPlatform, type PlatformOptions, type RunningPlatform } from '../../../infra/test-support/start-platform';
import { launchBrowser } from './browser';

export interface PlatformAndBrowser {
  platform: RunningPlatform;
  browser: Browser;
}

/** Registers the file's beforeAll/afterAll; the returned object is filled in before the first test runs. */
export function usePlatformAndBrowser(
  options: { platform?: PlatformOptions; browserArgs?: string[] } = {},
): PlatformAndBrowser {
  const running = {} as PlatformAndBrowser;
  beforeAll(async () => {
    [running.platform, running.browser] = await Promise.all([
      startPlatform(options.platform),
      launchBrowser(options.browserArgs),
    ]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.platform?.stop();
  });
  return running;
}
