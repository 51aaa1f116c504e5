import { existsSync, readFileSync } from 'node:fs';
import { MediaError } from '../media-errors';
import type { MediaLogger } from '../media-logger';
import type { CreateIngestSessionInput, IngestEngine, IngestSession } from './ingest-engine';
import type { MediasoupEngine, MediasoupEngineState } from './mediasoup/mediasoup-engine';

/** `MEDIA_ENGINE`: auto takes mediasoup as soon as its worker binary exists and werift until then. */
export type EngineChoice = 'auto' | 'mediasoup' | 'werift';

export interface EngineHealth {
  ok: boolean;
  /** The engine new shows go to now (null: none can take one). */
  engine: 'mediasoup' | 'werift' | null;
  /** ready, not used, missing, starting, building 40%, failed: <why>. */
  mediasoupWorker: string;
  mediasoupWorkers?: MediasoupEngineState;
}

export interface EngineSelectorOptions {
  choice: EngineChoice;
  /** Where the worker is or will be (a build in progress writes `<bin>.status` next to it). */
  workerBin: string;
  startWerift(): Promise<IngestEngine>;
  startMediasoup(workerBin: string): Promise<MediasoupEngine>;
  logger: MediaLogger;
  pollMs?: number;
}

// Chooses the engine for each new show. Shows already live stay on the engine they started on; when the worker
// appears (a background build finished) new shows go to mediasoup, and a worker that cannot start leaves werift.
export class EngineSelector implements IngestEngine {
  readonly name = 'selector';
  #options: EngineSelectorOptions;
  #werift: Promise<IngestEngine> | null;
  #mediasoup: MediasoupEngine | null = null;
  #mediasoupState: 'waiting' | 'starting' | 'ready' | 'failed' = 'waiting';
  #failure = '';
  #poll: NodeJS.Timeout | null = null;
  #closed = false;
  #mediasoupSettled: { promise: Promise<void>; resolve(): void; reject(error: Error): void } = settled();

  constructor(options: EngineSelectorOptions) {
    this.#options = options;
    this.#werift = options.choice === 'mediasoup' ? null : options.startWerift();
    this.#werift?.catch((error: Error) => options.logger.error(`werift engine failed to start: ${error.message}`));
    if (options.choice === 'werift') return;
    if (!this.#tryMediasoup()) {
      this.#poll = setInterval(() => {
        if (this.#tryMediasoup()) this.#stopPolling();
      }, options.pollMs ?? 2000);
      this.#poll.unref();
    }
  }

  #tryMediasoup(): boolean {
    if (this.#closed || !existsSync(this.#options.workerBin)) return false;
    this.#mediasoupState = 'starting';
    this.#options.startMediasoup(this.#options.workerBin).then(
      (engine) => {
        if (this.#closed) return void engine.close();
        this.#mediasoup = engine;
        this.#mediasoupState = 'ready';
        this.#mediasoupSettled.resolve();
        this.#options.logger.info(`media: mediasoup ready (${engine.state().workers} workers); new shows use it`);
      },
      (error: Error) => {
        this.#mediasoupState = 'failed';
        this.#failure = error.message.split('\n')[0]!;
        this.#mediasoupSettled.reject(new Error(`mediasoup did not start: ${this.#failure}`));
        const fallback = this.#werift ? '; shows stay on werift' : '';
        this.#options.logger.error(
          `media: mediasoup worker ${this.#options.workerBin} did not start: ${this.#failure}${fallback}`,
        );
      },
    );
    return true;
  }

  #stopPolling(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
  }

  async createSession(input: CreateIngestSessionInput): Promise<IngestSession> {
    if (this.#mediasoup) return this.#mediasoup.createSession(input);
    if (!this.#werift)
      throw new MediaError('MEDIA_UNAVAILABLE', `the mediasoup worker is not ready (${this.#workerStatus()})`);
    return (await this.#werift).createSession(input);
  }

  /** Resolves once the engine the choice names can take shows (auto: werift at once; mediasoup: its workers up). */
  async ready(): Promise<string> {
    if (this.#options.choice === 'werift' || (this.#options.choice === 'auto' && !this.#mediasoup)) {
      await this.#werift;
      return this.#mediasoup ? 'mediasoup' : 'werift';
    }
    await this.#mediasoupSettled.promise;
    return 'mediasoup';
  }

  /** mediasoup worker pids when it is the engine, so benchmarks count the SFU's CPU (werift runs in process). */
  sfuProcessIds(): number[] {
    return this.#mediasoup?.workerPids() ?? [];
  }

  #workerStatus(): string {
    if (this.#mediasoupState === 'ready') return 'ready';
    if (this.#mediasoupState === 'starting') return 'starting';
    if (this.#mediasoupState === 'failed') return `failed: ${this.#failure}`;
    try {
      return readFileSync(`${this.#options.workerBin}.status`, 'utf8').trim().slice(0, 200) || 'missing';
    } catch {
      return 'missing';
    }
  }

  health(): EngineHealth {
    const engine = this.#mediasoup ? 'mediasoup' : this.#werift ? 'werift' : null;
    return {
      ok: engine !== null && (this.#mediasoup === null || this.#mediasoup.state().running > 0),
      engine,
      mediasoupWorker: this.#options.choice === 'werift' ? 'not used' : this.#workerStatus(),
      ...(this.#mediasoup ? { mediasoupWorkers: this.#mediasoup.state() } : {}),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPolling();
    await Promise.all([
      this.#mediasoup?.close(),
      this.#werift?.then(
        (engine) => engine.close(),
        () => {},
      ),
    ]);
  }
}

function settled(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // observed through ready(); never an unhandled rejection
  return { promise, resolve, reject };
}
