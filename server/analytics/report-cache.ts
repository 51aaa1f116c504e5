// The live show report, read every few seconds by every console that has it open: one computation per show at a
// time, answers at most `freshMs` old, and while a newer one is being computed the previous one is served (up to
// `staleMs`), so a slow database moment never piles requests up behind it.
import type { Database } from '../database/prisma-client';
import type { ShowReport } from './analytics-schemas';
import { showReport } from './show-report';

interface Entry {
  report: ShowReport | null;
  at: number;
  refreshing: Promise<ShowReport> | null;
}

export class ReportCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly db: Database,
    private readonly freshMs = 1000,
    private readonly staleMs = 10_000,
  ) {}

  async get(brandId: string, showId: string): Promise<ShowReport> {
    // Keyed by brand and show: a brand only ever gets what was computed under its own brand check.
    const key = `${brandId}:${showId}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size > 500) this.#entries.clear();
      entry = { report: null, at: 0, refreshing: null };
      this.#entries.set(key, entry);
    }
    const age = Date.now() - entry.at;
    if (entry.report && age < this.freshMs) return entry.report;
    const current = entry;
    if (!current.refreshing) {
      current.refreshing = showReport(this.db, brandId, showId)
        .then((report) => {
          current.report = report;
          current.at = Date.now();
          return report;
        })
        .finally(() => {
          current.refreshing = null;
        });
      current.refreshing.catch(() => {}); // a stale answer may be served meanwhile: nobody else may await this one
    }
    // A show that is not live does not change: its report is computed once per freshMs like any other.
    if (current.report && age < this.staleMs) return current.report;
    return current.refreshing;
  }
}
