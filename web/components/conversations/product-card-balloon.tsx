'use client';

// A product card in a chat: the price and stock of now (read with the thread); for the customer, Buy reserves one
// unit at the normal price and opens the checkout drawer on this page.
import { useState } from 'react';
import { ApiError, call } from '../../api/api-client';
import { formatMoney } from '../../format/money';
import { checkoutStore, useCheckoutState } from '../checkout/checkout-store';
import type { ProductCard } from '../../../server/conversations/conversation-schemas';
import { commerceRoutes } from '../../../server/commerce/commerce-schemas';
import styles from './conversations.module.css';

const errorText: Record<string, string> = {
  SOLD_OUT: 'Sold out',
  PURCHASE_LIMIT: 'You already hold this; pay for it first',
  UNAUTHENTICATED: 'Sign in to buy',
};

export function ProductCardBalloon({ card, canBuy }: { card: ProductCard; canBuy: boolean }) {
  const { order } = useCheckoutState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stockText =
    card.stock.status === 'sold_out'
      ? 'Sold out'
      : card.stock.status === 'low'
        ? `Only ${card.stock.left} left`
        : 'In stock';
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const held = await call(commerceRoutes.reserveCatalogProduct, {
        params: { productId: card.productId },
        body: { quantity: 1 },
      });
      checkoutStore.openOrder({ ...held, title: card.title, kind: 'regular' });
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : 'UNKNOWN';
      setError(errorText[code] ?? (caught instanceof Error ? caught.message : 'Could not reserve'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.productCard} data-testid="chat-product-card" data-product-id={card.productId}>
      {/* biome-ignore lint/performance/noImgElement: product images are served by the API's storage route, not next/image */}
      {card.imageUrl ? (
        <img src={card.imageUrl} alt="" className={styles.productImage} loading="lazy" />
      ) : (
        <div className={styles.productImage} aria-hidden="true" />
      )}
      <div className={styles.productBody}>
        <strong className={styles.productTitle}>{card.title}</strong>
        <span data-testid="chat-product-price">{formatMoney(card.priceMinor, card.currency)}</span>
        <span className="muted">{card.available ? stockText : 'No longer available'}</span>
        {canBuy ? (
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy || !card.available || Boolean(order)}
            onClick={() => void buy()}
            data-testid="chat-buy-button"
          >
            {busy ? 'Reserving…' : `Buy · ${formatMoney(card.priceMinor, card.currency)}`}
          </button>
        ) : null}
        {error ? (
          <span role="alert" className={styles.error}>
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}
