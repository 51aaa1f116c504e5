// Ordering by chat keyword over the show room: the chat's messages reach placeKeywordOrder on the node that
// accepted them; a viewer's pick among several pinned products is the `keyword:choose` command; answers go to her
// account's sockets only (`keyword:answered`), the live count to the show's room (`keyword:orders-counted`).
import type { SessionCache } from '../../accounts/session-cache';
import { keywordChooseSchema } from '../../realtime/contract';
import type { Realtime } from '../../realtime/create-realtime';
import { requireJoined } from '../../realtime/room-handlers';
import type { CommerceContext } from '../commerce-context';
import { signedInBuyer } from '../realtime-sale-commands';
import { chooseKeywordProduct, placeKeywordOrder } from './keyword-orders';

/** Every process that places or offers keyword orders answers through the realtime service. */
export function notifyKeywordOrders(ctx: CommerceContext, realtime: Pick<Realtime, 'emitToUser' | 'emitToShow'>) {
  ctx.keywordNotifier = {
    answer: (userId, answer) => realtime.emitToUser(userId, 'keyword:answered', answer),
    counted: (showId, counts) => realtime.emitToShow(showId, 'keyword:orders-counted', counts),
  };
}

export function connectKeywordOrders(
  ctx: CommerceContext,
  realtime: Pick<Realtime, 'registerCommands' | 'onChatMessage'>,
  sessions: SessionCache,
): void {
  realtime.onChatMessage((said) => {
    if (said.orderKeywords.length === 0 || !said.userId) return;
    placeKeywordOrder(ctx, said).catch((error: unknown) =>
      ctx.log(`[show:${said.showId}] keyword order failed: ${(error as Error).message}`, 'warn'),
    );
  });
  realtime.registerCommands((socket, router) => {
    router.on('keyword:choose', keywordChooseSchema, async ({ showProductId, quantity }) => {
      const showId = requireJoined(socket);
      return chooseKeywordProduct(ctx, showId, await signedInBuyer(sessions, socket), showProductId, quantity);
    });
  });
}
