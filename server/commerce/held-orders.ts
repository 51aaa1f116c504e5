// Orders this process just reserved, remembered so the buyer's cancel needs no read before the batched release.
// Only a shortcut: the release itself is conditional in the database (HELD only), so a stale entry costs nothing
// but a fallback read, and another node (or a restart) simply reads.
export interface HeldOrder {
  reservationId: string;
  saleId: string;
  showId: string;
  buyerId: string;
  productId: string;
  quantity: number;
}

export class HeldOrders {
  readonly #orders = new Map<string, HeldOrder>();

  constructor(private readonly capacity = 50_000) {}

  remember(orderId: string, order: HeldOrder): void {
    if (this.#orders.size >= this.capacity) {
      const oldest = this.#orders.keys().next().value;
      if (oldest !== undefined) this.#orders.delete(oldest);
    }
    this.#orders.set(orderId, order);
  }

  /** The remembered hold of this buyer's order, forgotten at once (a cancel is asked for once). */
  take(orderId: string, buyerId: string): HeldOrder | null {
    const order = this.#orders.get(orderId);
    if (!order || order.buyerId !== buyerId) return null;
    this.#orders.delete(orderId);
    return order;
  }

  get size(): number {
    return this.#orders.size;
  }
}
