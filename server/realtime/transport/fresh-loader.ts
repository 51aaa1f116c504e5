/**
 * Coalesces reads under load without serving stale data: every caller gets the result of a query that started
 * after its call. Concurrent callers share one queued query, so a burst of N joins costs at most two queries.
 * (Sharing an in-flight query would be wrong: a joiner could miss a message committed after it had started.)
 */
export class FreshLoader<V> {
  readonly #inFlight = new Map<string, Promise<V>>();
  readonly #queued = new Map<string, Promise<V>>();

  constructor(private readonly query: (key: string) => Promise<V>) {}

  load(key: string): Promise<V> {
    const queued = this.#queued.get(key);
    if (queued) return queued;
    const running = this.#inFlight.get(key);
    const start = () => {
      this.#queued.delete(key);
      const promise = this.query(key).finally(() => {
        if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key);
      });
      this.#inFlight.set(key, promise);
      return promise;
    };
    if (!running) return start();
    const next = running.then(start, start);
    this.#queued.set(key, next);
    return next;
  }
}
