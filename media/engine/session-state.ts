import type { IngestSessionState } from './ingest-engine';

/**
 * An ingest session's state and its listeners, the same rules on every engine: once disconnected a session never
 * comes back (the publisher reconnects with a new WHIP POST), and nothing changes after closed.
 */
export class SessionState {
  #state: IngestSessionState = 'connecting';
  #listeners = new Set<(state: IngestSessionState) => void>();

  get current(): IngestSessionState {
    return this.#state;
  }

  set(state: IngestSessionState): void {
    if (this.#state === state || this.#state === 'closed') return;
    if (this.#state === 'disconnected' && state === 'connected') return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
    if (state === 'closed') this.#listeners.clear();
  }

  /** Returns an unsubscribe function. */
  onChange(listener: (state: IngestSessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
