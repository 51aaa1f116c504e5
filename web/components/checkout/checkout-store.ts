'use client';

// Shared state of the show room's commerce pieces (buy buttons in the product rail, the checkout drawer): the show's
// sales with live stock, and the order being paid. A tiny external store, so the slots need no common parent.
import { useSyncExternalStore } from 'react';
import type { SaleView } from '@server/commerce/commerce-schemas';
import type { ReservationHeld } from '../../../server/realtime/contract';

export type { SaleView };

export interface CheckoutOrder extends ReservationHeld {
  title: string;
  kind: 'flash' | 'regular';
}

interface State {
  sales: SaleView[];
  /** server clock minus ours, so countdowns agree with the server */
  clockOffsetMs: number;
  order: CheckoutOrder | null;
}

let state: State = { sales: [], clockOffsetMs: 0, order: null };
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export const checkoutStore = {
  get: () => state,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setSales(sales: SaleView[], serverTime?: string) {
    state = { ...state, sales, clockOffsetMs: serverTime ? Date.parse(serverTime) - Date.now() : state.clockOffsetMs };
    emit();
  },
  /** Sales as the realtime room announces them: new ones are added, known ones updated. */
  upsertSales(sales: SaleView[]) {
    if (sales.length === 0) return;
    const incoming = new Map(sales.map((sale) => [sale.saleId, sale]));
    const updated = state.sales.map((sale) => {
      const next = incoming.get(sale.saleId);
      incoming.delete(sale.saleId);
      return next ? { ...sale, ...next } : sale;
    });
    state = { ...state, sales: [...incoming.values(), ...updated] };
    emit();
  },
  /** A live stock update (realtime or our own reservation answer); never moves a count backwards in time order. */
  patchSale(saleId: string, patch: Partial<SaleView>) {
    state = { ...state, sales: state.sales.map((sale) => (sale.saleId === saleId ? { ...sale, ...patch } : sale)) };
    emit();
  },
  openOrder(order: CheckoutOrder) {
    state = { ...state, order };
    emit();
  },
  closeOrder() {
    state = { ...state, order: null };
    emit();
  },
};

export function useCheckoutState(): State {
  return useSyncExternalStore(checkoutStore.subscribe, checkoutStore.get, checkoutStore.get);
}
