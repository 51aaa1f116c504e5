import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestEngine } from '../engine/ingest-engine';
import { InvalidOfferError } from '../engine/ingest-engine';
import { MediaError } from '../media-errors';
import type { MediaEvents } from '../media-events';
import type { MediaLogger } from '../media-logger';
import { RUNS_DIR } from '../packager/show-playlist-writer';
import type { PublisherAuthPort } from '../publisher-auth-port';
import { ShowStream, type ShowStreamOptions } from './show-stream';

export interface StreamRegistryOptions extends Omit<ShowStreamOptions, 'showId'> {
  engine: IngestEngine;
  publisherAuth: PublisherAuthPort;
  /** URL path prefix the HLS routes serve, used to build replay paths. */
  hlsUrlPrefix: string;
}

// Publish/unpublish use cases: authorize, apply the one-publisher-per-show rule, attach sessions
// to show streams and turn stream life-cycle changes into service events.
export class StreamRegistry extends EventEmitter<MediaEvents> {
  #options: StreamRegistryOptions;
  #streams = new Map<string, ShowStream>();
  /** Shows whose stream ended in this process: refuse to reopen a closed replay playlist. */
  #ended = new Set<string>();
  /** Serialises publishes per show so two racing POSTs cannot both attach. */
  #locks = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(options: StreamRegistryOptions) {
    super();
    this.#options = options;
  }

  get activeStreams(): number {
    return this.#streams.size;
  }

  stream(showId: string): ShowStream | undefined {
    return this.#streams.get(showId);
  }

  async publish(bearer: string, offerSdp: string): Promise<{ sessionId: string; answerSdp: string; showId: string }> {
    const grant = await this.#authorize(bearer);
    return this.#withLock(grant.showId, async () => {
      if (this.#closed) throw new MediaError('MEDIA_UNAVAILABLE', 'media service is shutting down');
      const showId = grant.showId;
      if (this.#ended.has(showId)) throw new MediaError('SHOW_NOT_LIVE_ABLE', 'this show has ended');
      const existing = this.#streams.get(showId);
      if (existing?.hasPublisher) throw new MediaError('SHOW_ALREADY_LIVE', 'another publisher is live on this show');
      const session = await this.#options.engine.createSession({ showId, offerSdp }).catch((error: unknown) => {
        if (error instanceof InvalidOfferError) throw new MediaError('INVALID_SDP', error.message);
        throw error;
      });
      const stream = existing ?? (await this.#createStream(showId));
      try {
        await stream.attach(session);
      } catch (error) {
        await session.close();
        throw error;
      }
      return { sessionId: session.id, answerSdp: session.answerSdp, showId };
    });
  }

  async unpublish(bearer: string, sessionId: string): Promise<void> {
    const grant = await this.#options.publisherAuth.authorize(bearer);
    if (!grant) throw new MediaError('UNAUTHORIZED', 'invalid stream key or studio token');
    const stream = this.#streams.get(grant.showId);
    if (!stream || stream.sessionId !== sessionId) throw new MediaError('SESSION_NOT_FOUND', 'no such WHIP session');
    await stream.end();
  }

  /**
   * Shows the platform still has as live after a restart of this process. Those with runs on this node's disk
   * wait for their publisher (grace period), then end with a replay; others (never packaged here) are left alone.
   * Returns the show ids taken over.
   */
  async resumeInterrupted(showIds: string[]): Promise<string[]> {
    const adopted: string[] = [];
    for (const showId of showIds) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(showId)) continue;
      const hasRuns = await stat(path.join(this.#options.hlsDir, showId, RUNS_DIR)).then(
        () => true,
        () => false,
      );
      if (!hasRuns) continue;
      await this.#withLock(showId, async () => {
        if (this.#closed || this.#streams.has(showId) || this.#ended.has(showId)) return;
        const stream = await this.#createStream(showId);
        stream.awaitReturnAfterRestart();
        adopted.push(showId);
      });
    }
    return adopted;
  }

  async #authorize(bearer: string): Promise<{ showId: string }> {
    const grant = await this.#options.publisherAuth.authorize(bearer);
    if (!grant) throw new MediaError('UNAUTHORIZED', 'invalid stream key or studio token');
    if (!grant.canGoLive) throw new MediaError('SHOW_NOT_LIVE_ABLE', 'this show cannot go live (ended or cancelled)');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(grant.showId)) throw new Error('publisher auth returned an unsafe show id');
    return grant;
  }

  async #createStream(showId: string): Promise<ShowStream> {
    const stream = await ShowStream.create({ ...this.#options, showId });
    const replayPath = `${this.#options.hlsUrlPrefix}/${showId}/index.m3u8`;
    stream.on('live', () => this.emit('stream:live', { showId }));
    stream.on('reconnecting', () => this.emit('stream:reconnecting', { showId }));
    stream.on('resumed', () => this.emit('stream:resumed', { showId }));
    stream.on('ended', () => {
      this.#streams.delete(showId);
      this.#ended.add(showId);
      this.emit('stream:ended', { showId, replayPath });
    });
    stream.on('abandoned', () => this.#streams.delete(showId));
    this.#streams.set(showId, stream);
    return stream;
  }

  async #withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(task);
    this.#locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.#locks.get(key) === next) this.#locks.delete(key);
    }
  }

  /** Idempotent: ends every stream (closing playlists as replays). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#streams.values()].map((stream) => stream.end()));
  }
}
