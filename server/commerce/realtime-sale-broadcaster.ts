// Adapts the commerce SaleBroadcaster to the realtime service's contract (server/realtime/contract.ts) and adds
// the current sales to the snapshot a viewer gets when joining a show.
import type { SaleState } from '../realtime/contract';
import type { Realtime } from '../realtime/create-realtime';
import type { Commerce } from './create-commerce';
import type { SaleStockPayload } from './sale-broadcaster';
import { listShowSales } from './sale-stats';

const wireStatus = { active: 'ACTIVE', sold_out: 'SOLD_OUT', ended: 'ENDED' } as const;
const toWire = (payload: SaleStockPayload) => ({ ...payload, status: wireStatus[payload.status] });

/** Every process that changes a sale broadcasts it (realtime nodes directly, the others through Redis). */
export function broadcastSales(commerce: Commerce, realtime: Pick<Realtime, 'emitToShow'>): void {
  commerce.setBroadcaster({
    started: (showId, payload) => realtime.emitToShow(showId, 'sale:started', { ...payload, status: 'ACTIVE' }),
    stockChanged: (showId, payload) => realtime.emitToShow(showId, 'sale:stock-changed', toWire(payload)),
    ended: (showId, payload) => realtime.emitToShow(showId, 'sale:ended', toWire(payload)),
    close() {},
  });
}

/** On the nodes that hold the sockets: a joiner's snapshot carries the show's open sales. */
export function addSalesToJoinSnapshot(commerce: Commerce, realtime: Pick<Realtime, 'registerJoinStateProvider'>): void {
  realtime.registerJoinStateProvider(async (showId) => {
    const sales = await listShowSales(commerce.ctx.db, showId, { withStats: false });
    const open: SaleState[] = sales
      .filter((sale) => sale.status !== 'ended')
      // without stats a sale's view is exactly its wire state, but for the status's spelling
      .map(({ status, ...sale }) => ({ ...sale, status: wireStatus[status] }));
    return { sales: open };
  });
}
