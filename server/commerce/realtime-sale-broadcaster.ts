// Adapts the commerce SaleBroadcaster to the realtime service's contract (server/realtime/contract.ts) and adds
// the current sales to the snapshot a viewer gets when joining a show.
import type { SaleState } from '../realtime/contract';
import type { Realtime } from '../realtime/create-realtime';
import type { Commerce } from './create-commerce';
import { listShowSales } from './sale-stats';

/** Every process that changes a sale broadcasts it (realtime nodes directly, the others through Redis). */
export function broadcastSales(commerce: Commerce, realtime: Pick<Realtime, 'emitToShow'>): void {
  commerce.setBroadcaster({
    started: (showId, payload) => realtime.emitToShow(showId, 'sale:started', { ...payload, status: 'active' }),
    stockChanged: (showId, payload) => realtime.emitToShow(showId, 'sale:stock-changed', payload),
    ended: (showId, payload) => realtime.emitToShow(showId, 'sale:ended', payload),
    close() {},
  });
}

/** On the nodes that hold the sockets: a joiner's snapshot carries the show's open sales. */
export function addSalesToJoinSnapshot(
  commerce: Commerce,
  realtime: Pick<Realtime, 'registerJoinStateProvider'>,
): void {
  realtime.registerJoinStateProvider(async (showId) => {
    const sales = await listShowSales(commerce.ctx.db, showId, { withStats: false });
    // Without stats a sale's HTTP view is exactly its realtime state (one spelling of the status on both wires).
    const open: SaleState[] = sales.filter((sale) => sale.status !== 'ended');
    return { sales: open };
  });
}
