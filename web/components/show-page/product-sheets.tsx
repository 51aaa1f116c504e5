'use client';

import { useEffect } from 'react';
import type { PublicShowProduct } from '../../api/api-types';
import { useCheckoutState } from '../checkout/checkout-store';
import { ChatPanel } from '../show-room/chat-panel';
import { HostControls } from '../show-room/host-controls';
import { useImmersive } from './immersive-context';
import { ProductPrice } from './product-price';
import { ProductRail } from './product-rail';
import styles from './immersive-room.module.css';

/**
 * The sheets that open over the full-screen show on a phone: the bag (every product of the show), a product's
 * details (the video goes to the mini-player meanwhile), and the team's chat tools. Buy closes them, so the
 * checkout sheet opens over the playing video.
 */
export function ProductSheets({ renderAction }: { renderAction: (product: PublicShowProduct) => React.ReactNode }) {
  const { panel, open, close } = useImmersive();
  const { order } = useCheckoutState();
  useEffect(() => {
    if (order) close();
  }, [order, close]);

  if (!panel) return null;
  const title =
    panel.kind === 'bag' ? 'In this show' : panel.kind === 'team' ? 'Chat and team tools' : panel.product.title;
  return (
    <>
      {panel.kind === 'product' ? null : (
        <button type="button" className={styles.scrim} aria-label="Close" onClick={close} />
      )}
      <section
        className={`${styles.sheet} ${panel.kind === 'product' ? styles.fullSheet : ''}`}
        role="dialog"
        aria-label={title}
        data-sheet={panel.kind}
        data-testid={`${panel.kind}-sheet`}
      >
        <header className={styles.sheetHeader}>
          <h2>{panel.kind === 'product' ? 'Product' : title}</h2>
          <button
            type="button"
            className={styles.sheetClose}
            onClick={close}
            aria-label="Close"
            data-testid="sheet-close"
          >
            ×
          </button>
        </header>
        {panel.kind === 'bag' ? (
          <ProductRail renderAction={renderAction} onOpen={(product) => open({ kind: 'product', product })} />
        ) : null}
        {panel.kind === 'product' ? (
          <ProductDetails product={panel.product} action={renderAction(panel.product)} />
        ) : null}
        {panel.kind === 'team' ? (
          <div className={styles.team}>
            <ChatPanel />
            <HostControls />
          </div>
        ) : null}
      </section>
    </>
  );
}

function ProductDetails({ product, action }: { product: PublicShowProduct; action: React.ReactNode }) {
  return (
    <article className={styles.details} data-testid="product-details">
      <div className={styles.gallery}>
        {product.imageUrls.length ? (
          product.imageUrls.map((url) => <img key={url} src={url} alt="" />)
        ) : (
          <div className={styles.noImage} aria-hidden="true" />
        )}
      </div>
      <h3>{product.title}</h3>
      <ProductPrice product={product} />
      {product.description ? <p className={styles.description}>{product.description}</p> : null}
      <div>{action}</div>
    </article>
  );
}
