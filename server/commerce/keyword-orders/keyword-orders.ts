// Ordering by chat keyword (issue 17): a viewer types the brand's keyword in the show chat. One product pinned: a
// hold on it (the running flash sale's price, else the normal price) through the same reservation functions as the
// Buy button, so per-buyer limits apply and nothing is ever oversold. Several pinned: she is asked privately which.
// Sold out: she joins the product's waitlist, offered units in order when holds expire (`offerWaitlists`, run by the
// expiry job). Every answer goes only to her account; the show's count of keyword orders goes to the room.
import { AppError } from '../../errors/app-error';
import type { KeywordAnswer } from '../../realtime/contract';
import type { CommerceContext } from '../commerce-context';
import { reserveFlashSale } from '../reserve-flash-sale';
import { reserveProduct } from '../reserve-product';
import { matchOrderKeyword } from './keyword-match';

/** Where answers and counts go (the realtime service: her account's sockets, the show's room). */
export interface KeywordNotifier {
  answer(userId: string, answer: KeywordAnswer): void;
  counted(showId: string, counts: { holds: number; waiting: number }): void;
}

export const silentKeywordNotifier: KeywordNotifier = { answer() {}, counted() {} };

type Said = { showId: string; userId: string | null; text: string; orderKeywords: readonly string[] };

/** A chat message: an order when it is the brand's keyword from a signed-in viewer; null otherwise. */
export async function placeKeywordOrder(ctx: CommerceContext, said: Said): Promise<KeywordAnswer | null> {
  const match = matchOrderKeyword(said.text, said.orderKeywords);
  if (!match || !said.userId) return null;
  const pinned = await ctx.db.showProduct.findMany({
    where: { showId: said.showId, pinned: true },
    select: { id: true, product: { select: { title: true } } },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  const answer: KeywordAnswer =
    pinned.length === 0
      ? { showId: said.showId, kind: 'refused', message: 'Nothing is pinned right now: order when the host shows it.' }
      : pinned.length > 1
        ? {
            showId: said.showId,
            kind: 'choose',
            quantity: match.quantity,
            options: pinned.map((row) => ({ showProductId: row.id, title: row.product.title })),
          }
        : await orderShowProduct(ctx, said.showId, said.userId, pinned[0]?.id as string, match.quantity);
  ctx.keywordNotifier.answer(said.userId, answer);
  return answer;
}

/** Her answer to "which one?": the product must still be pinned. */
export async function chooseKeywordProduct(
  ctx: CommerceContext,
  showId: string,
  userId: string,
  showProductId: string,
  quantity: number,
): Promise<KeywordAnswer> {
  const pinned = await ctx.db.showProduct.count({ where: { id: showProductId, showId, pinned: true } });
  if (pinned === 0) return { showId, kind: 'refused', message: 'That product is no longer pinned.' };
  return orderShowProduct(ctx, showId, userId, showProductId, quantity);
}

/**
 * One product's keyword orders run one after another in this process, so the waitlist is in the order they were
 * typed and each position told is exact (across processes positions are approximate; the order stays createdAt).
 */
const queues = new Map<string, Promise<unknown>>();
function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => {});
  queues.set(key, settled);
  void settled.then(() => queues.get(key) === settled && queues.delete(key));
  return next;
}

function orderShowProduct(
  ctx: CommerceContext,
  showId: string,
  userId: string,
  showProductId: string,
  quantity: number,
): Promise<KeywordAnswer> {
  return inTurn(showProductId, () => placeInTurn(ctx, showId, userId, showProductId, quantity));
}

async function placeInTurn(
  ctx: CommerceContext,
  showId: string,
  userId: string,
  showProductId: string,
  quantity: number,
): Promise<KeywordAnswer> {
  const row = await ctx.db.keywordOrder.create({
    data: { showId, showProductId, userId, quantity, status: 'OFFERING' },
  });
  const answer = await holdFor(ctx, row, false);
  if (answer.kind === 'held' || answer.kind === 'refused') await publishCounts(ctx, showId);
  if (answer.kind !== 'waitlisted') return answer;
  await ctx.db.keywordOrder.update({ where: { id: row.id }, data: { status: 'WAITING' } });
  const position = await ctx.db.keywordOrder.count({
    where: { showProductId, status: { in: ['WAITING', 'OFFERING'] }, createdAt: { lte: row.createdAt } },
  });
  await publishCounts(ctx, showId);
  return { ...answer, position };
}

type Row = { id: string; showId: string; showProductId: string; userId: string; quantity: number };

/**
 * Places the hold for a claimed row (status OFFERING): HELD with its order, REFUSED, or left for the caller to
 * put back in the waitlist (sold out).
 */
async function holdFor(ctx: CommerceContext, row: Row, fromWaitlist: boolean): Promise<KeywordAnswer> {
  const product = await ctx.db.showProduct.findUniqueOrThrow({
    where: { id: row.showProductId },
    select: { product: { select: { title: true } } },
  });
  const title = product.product.title;
  const sale = await ctx.db.flashSale.findFirst({
    where: { showProductId: row.showProductId, status: 'ACTIVE', endsAt: { gt: new Date() } },
    select: { id: true },
  });
  try {
    const held = sale
      ? await reserveFlashSale(ctx, row.userId, row.showId, sale.id, row.quantity)
      : await reserveProduct(ctx, row.userId, row.showId, row.showProductId, row.quantity);
    await ctx.db.keywordOrder.update({ where: { id: row.id }, data: { status: 'HELD', orderId: held.orderId } });
    return {
      showId: row.showId,
      kind: 'held',
      title,
      quantity: row.quantity,
      ...held,
      flash: Boolean(sale),
      fromWaitlist,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'SOLD_OUT')
      return { showId: row.showId, kind: 'waitlisted', title, position: 0 };
    await ctx.db.keywordOrder.update({ where: { id: row.id }, data: { status: 'REFUSED' } });
    const message = error instanceof AppError ? error.message : 'the order could not be placed';
    return { showId: row.showId, kind: 'refused', message: `${title}: ${message}` };
  }
}

/**
 * Offers units that came back (expired holds) to each product's waitlist, oldest first, until one finds it sold
 * out again. Each entry is claimed by a conditional update, so two workers never offer it twice.
 */
export async function offerWaitlists(ctx: CommerceContext, limit = 100): Promise<number> {
  const waiting = await ctx.db.keywordOrder.findMany({
    where: { status: 'WAITING' },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  const soldOut = new Set<string>();
  const shows = new Set<string>();
  let offered = 0;
  for (const row of waiting) {
    if (soldOut.has(row.showProductId)) continue;
    const claimed = await ctx.db.keywordOrder.updateMany({
      where: { id: row.id, status: 'WAITING' },
      data: { status: 'OFFERING' },
    });
    if (claimed.count === 0) continue;
    const answer = await holdFor(ctx, row, true);
    if (answer.kind === 'waitlisted') {
      // Still sold out: back in her place (createdAt unchanged), and the rest of this product's line waits too.
      await ctx.db.keywordOrder.update({ where: { id: row.id }, data: { status: 'WAITING' } });
      soldOut.add(row.showProductId);
      continue;
    }
    offered += answer.kind === 'held' ? 1 : 0;
    shows.add(row.showId);
    ctx.keywordNotifier.answer(row.userId, answer);
  }
  for (const showId of shows) await publishCounts(ctx, showId);
  return offered;
}

async function publishCounts(ctx: CommerceContext, showId: string): Promise<void> {
  const [holds, waiting] = await Promise.all([
    ctx.db.keywordOrder.count({ where: { showId, status: 'HELD' } }),
    ctx.db.keywordOrder.count({ where: { showId, status: 'WAITING' } }),
  ]);
  ctx.keywordNotifier.counted(showId, { holds, waiting });
}
