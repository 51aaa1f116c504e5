import type { OrderStatus } from '../../prisma/generated/client';
import { notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import { endHold } from './release-hold';

export interface CancelOutcome {
  orderId: string;
  status: OrderStatus;
}

/** A buyer gives up an order before paying: its hold ends and the units go back (HTTP and socket share this). */
export async function cancelOrder(ctx: CommerceContext, buyerId: string, orderId: string): Promise<CancelOutcome> {
  // The hot path of a buyer changing their mind mid-sale: an order this process just reserved needs no read.
  const held = ctx.heldOrders.take(orderId, buyerId);
  if (held) {
    const hold = {
      id: held.reservationId,
      status: 'HELD',
      flashSaleId: held.saleId,
      productId: held.productId,
      quantity: held.quantity,
    };
    if (
      await endHold(ctx, held.reservationId, 'RELEASED', {
        ...hold,
        order: { showId: held.showId, paymentIntentId: null },
      })
    ) {
      return { orderId, status: 'CANCELED' };
    }
  }
  // Otherwise one read, then the batched release.
  const order = await ctx.db.order.findFirst({
    where: { id: orderId, buyerId },
    select: { status: true, showId: true, paymentIntentId: true, reservation: true },
  });
  if (!order) throw notFound('order');
  const hold = order.reservation;
  const ended = hold
    ? await endHold(ctx, hold.id, 'RELEASED', {
        ...hold,
        order: { showId: order.showId, paymentIntentId: order.paymentIntentId },
      })
    : false;
  return { orderId, status: ended ? 'CANCELED' : order.status };
}
