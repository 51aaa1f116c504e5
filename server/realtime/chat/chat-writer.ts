import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import type { Database } from '../../database/prisma-client';
import type { RealtimeLogger } from '../transport/realtime-logger';

/**
 * Write-behind for chat: a message is broadcast as soon as it passes the checks and stored with the others of
 * the same moment in one INSERT (every `intervalMs`). One commit per batch instead of one per message keeps
 * chat latency off the database's fsync path when a show is busy. Ids are made here, so they are stable from the
 * first broadcast. Anything that reads stored messages (history, delete, export-before-ban) merges or flushes
 * the pending ones first.
 */
export class ChatWriter {
  #pending: ChatMessageRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  #failures = 0;

  constructor(
    private readonly db: Database,
    private readonly logger: RealtimeLogger,
    private readonly intervalMs = 50,
  ) {}

  add(row: ChatMessageRow): void {
    this.#pending.push(row);
    this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Messages of a show not yet stored (oldest first). */
  pendingFor(showId: string): ChatMessageRow[] {
    return this.#pending.filter((row) => row.showId === showId);
  }

  /** Resolves when everything added so far is stored (or given up on after repeated failures). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const batch = this.#pending;
    if (batch.length === 0) return;
    try {
      await this.db.chatMessage.createMany({ data: batch, skipDuplicates: true });
      this.#pending = this.#pending.filter((row) => !batch.includes(row));
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      if (this.#failures >= 5) {
        this.logger.error({ err: error, dropped: batch.length }, 'realtime: chat messages could not be stored');
        this.#pending = this.#pending.filter((row) => !batch.includes(row));
        this.#failures = 0;
        return;
      }
      this.logger.warn({ err: error, pending: batch.length }, 'realtime: storing chat messages failed; retrying');
      this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs * 2 ** this.#failures);
    }
  }

  close(): Promise<void> {
    return this.flush();
  }
}
