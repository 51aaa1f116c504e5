// The flash sale's fair start (issue 17; bound and trust model in README.md, "Fair start"). Each viewer sees the
// sale start when her own video reaches it, up to several seconds after the server started it. Presses that reach
// the server in the sale's first window are not served in arrival order: they are collected and then allocated in
// playback-adjusted order, i.e. by how long after the sale started *in her video* each buyer pressed Buy.

export interface FairStartConfig {
  /** How long after the start (in each viewer's video) presses are ranked instead of served as they come. */
  windowMs: number;
  /** The smallest lag credited to anyone (a press with no playback clock counts as this close to live). */
  minLagMs: number;
  /** The largest lag credited to anyone: the window stays open on the server this much longer. */
  maxLagMs: number;
  /** How far a claim at Buy may exceed the lag the socket reported while watching. */
  slackMs: number;
}

export const defaultFairStart: FairStartConfig = { windowMs: 5000, minLagMs: 300, maxLagMs: 6000, slackMs: 500 };

/** What the server knows about one press. */
export interface PressTiming {
  /** Server clock when the press arrived. */
  receivedAt: number;
  /** The program date time of the frame on the buyer's screen when she pressed (her claim). */
  playingAt?: number;
  /** The lags this connection reported while watching (receipt time minus reported playhead), newest last. */
  observedLagsMs?: readonly number[];
}

/**
 * The lag credited to a press: her claim (arrival minus the frame she says she saw), never below `minLagMs`, never
 * above `maxLagMs`, and never more than her connection's recent reports plus `slackMs` (a client cannot switch to a
 * large lag at the moment of the sale). No claim, or no report to check it against: `minLagMs`.
 */
export function creditedLagMs(press: PressTiming, config: FairStartConfig = defaultFairStart): number {
  const observed = press.observedLagsMs ?? [];
  const least = Math.min(config.minLagMs, config.maxLagMs);
  if (press.playingAt === undefined || !Number.isFinite(press.playingAt) || observed.length === 0) return least;
  const claimed = press.receivedAt - press.playingAt;
  const ceiling = Math.min(config.maxLagMs, Math.max(...observed) + config.slackMs);
  return Math.max(least, Math.min(claimed, ceiling));
}

/** How long after the sale started in her video she pressed (never negative: she cannot press before seeing it). */
export function adjustedPressMs(press: PressTiming, saleStartMs: number, config = defaultFairStart): number {
  return Math.max(0, press.receivedAt - creditedLagMs(press, config) - saleStartMs);
}

interface Waiting {
  adjusted: number;
  tiebreak: number;
  release: () => void;
}

/**
 * Holds the presses of each sale's first window and releases them, at the window's close, in adjusted order, in
 * one turn of the event loop: each released press then takes from the stock counter in that order (the in-process
 * counter synchronously, the Redis one in one ordered script call), so the ranking decides who gets the units and
 * the batch writer still commits them in groups. After the window a press goes straight on.
 */
export class FairStartGate {
  readonly #config: FairStartConfig;
  readonly #sales = new Map<string, { waiting: Waiting[]; timer: NodeJS.Timeout }>();
  readonly #random: () => number;

  constructor(config: Partial<FairStartConfig> = {}, random: () => number = Math.random) {
    this.#config = { ...defaultFairStart, ...config };
    this.#random = random;
  }

  get config(): FairStartConfig {
    return this.#config;
  }

  /** When the server stops ranking a sale's presses (its start plus the window plus the largest lag credited). */
  closesAt(saleStartMs: number): number {
    return saleStartMs + this.#config.windowMs + this.#config.maxLagMs;
  }

  /** Resolves when this press may take from the stock: at once after the window, else in its rank at the close. */
  admit(saleId: string, saleStartMs: number, press: PressTiming): Promise<void> {
    const closesAt = this.closesAt(saleStartMs);
    if (press.receivedAt >= closesAt) return Promise.resolve();
    const adjusted = adjustedPressMs(press, saleStartMs, this.#config);
    return new Promise((release) => {
      let sale = this.#sales.get(saleId);
      if (!sale) {
        const timer = setTimeout(() => this.#open(saleId), Math.max(0, closesAt - Date.now()));
        sale = { waiting: [], timer };
        this.#sales.set(saleId, sale);
      }
      // Presses in the same 100 ms of adjusted time are a tie (clocks and networks are not finer than that):
      // among them the order is drawn, not given to whoever's packets came first.
      sale.waiting.push({ adjusted: Math.floor(adjusted / 100), tiebreak: this.#random(), release });
    });
  }

  #open(saleId: string): void {
    const sale = this.#sales.get(saleId);
    if (!sale) return;
    this.#sales.delete(saleId);
    sale.waiting.sort((a, b) => a.adjusted - b.adjusted || a.tiebreak - b.tiebreak);
    for (const press of sale.waiting) press.release();
  }

  /** Releases every waiting press now (shutdown: they then meet the closed writer's error). */
  close(): void {
    for (const [saleId, sale] of this.#sales) {
      clearTimeout(sale.timer);
      this.#open(saleId);
    }
  }
}
