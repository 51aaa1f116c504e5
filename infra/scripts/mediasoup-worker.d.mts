// Types for the parts of mediasoup-worker.mjs that TypeScript tests use.
type Env = Record<string, string | undefined>;
export function mediasoupVersion(): string;
export function cacheKey(): string;
export function cachedWorkerPath(env?: Env): string;
export function existingWorker(env?: Env): { bin: string; source: string } | null;
export function placeWorker(built: string, bin: string): void;
export function workerEnvironment(env?: Env): { env: { MEDIASOUP_WORKER_BIN?: string }; build: boolean };
export function buildWorker(log?: (line: string) => void): Promise<string>;
