import type { ShowStatus } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { SocketViewer } from './contract';

/** What every chat decision needs about a show; read often, changed rarely, so cached briefly per node. */
export interface ShowContext {
  showId: string;
  brandId: string;
  hostId: string | null;
  status: ShowStatus;
  chatRequiresSignIn: boolean;
  slowModeSeconds: number;
  blockedWords: string[];
  /** The brand's chat order keywords (server/commerce/keyword-orders). */
  orderKeywords: string[];
}

const ttlMs = 5000;

export class ShowContextCache {
  readonly #entries = new Map<string, { at: number; value: Promise<ShowContext | null> }>();

  constructor(private readonly db: Database) {}

  async get(showId: string): Promise<ShowContext> {
    const cached = this.#entries.get(showId);
    if (cached && Date.now() - cached.at < ttlMs) {
      const value = await cached.value;
      if (value) return value;
    }
    const value = this.#load(showId);
    this.#entries.set(showId, { at: Date.now(), value });
    value.catch(() => this.#entries.delete(showId));
    const context = await value;
    if (!context) {
      this.#entries.delete(showId);
      throw notFound('show');
    }
    return context;
  }

  /** After a change here or on another node (InterServerEvents 'show:context-changed'). */
  invalidate(showId: string): void {
    this.#entries.delete(showId);
  }

  invalidateBrand(brandId: string): void {
    for (const [showId, entry] of this.#entries) {
      entry.value.then(
        (value) => value?.brandId === brandId && this.#entries.delete(showId),
        () => {},
      );
    }
  }

  async #load(showId: string): Promise<ShowContext | null> {
    const show = await this.db.show.findUnique({
      where: { id: showId },
      include: { brand: { select: { blockedWords: true, chatOrderKeywords: true } } },
    });
    if (!show) return null;
    return {
      showId: show.id,
      brandId: show.brandId,
      hostId: show.hostId,
      status: show.status,
      chatRequiresSignIn: show.chatRequiresSignIn,
      slowModeSeconds: show.slowModeSeconds,
      blockedWords: show.brand.blockedWords,
      orderKeywords: show.brand.chatOrderKeywords,
    };
  }
}

export interface StaffPowers {
  isStaff: boolean;
  canModerate: boolean;
  canPin: boolean;
  badge: 'host' | 'moderator' | 'admin' | null;
}

/** Brand staff moderate; the show's host and brand admins and hosts also pin products. */
export function staffPowers(viewer: SocketViewer | null, context: ShowContext): StaffPowers {
  const roles = viewer?.roles[context.brandId] ?? [];
  const isHost = Boolean(viewer && viewer.userId === context.hostId);
  const isStaff = roles.length > 0 || isHost;
  const badge =
    isHost || roles.includes('HOST')
      ? 'host'
      : roles.includes('ADMIN')
        ? 'admin'
        : roles.includes('MODERATOR')
          ? 'moderator'
          : null;
  return { isStaff, canModerate: isStaff, canPin: isHost || roles.includes('ADMIN') || roles.includes('HOST'), badge };
}
