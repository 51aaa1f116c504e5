'use client';

import type { PublicShowProduct } from '../../api/api-types';
import { FollowButton } from '../follow/follow-button';
import { useImmersive } from '../show-page/immersive-context';
import { ProductPrice } from '../show-page/product-price';
import { useShowRoom } from '../show-page/show-room-context';
import { ShareButton } from '../show-page/share-button';
import { StatusBadge } from '../shows/status-badge';
import { Composer, MessageRow } from './chat-panel';
import { FloatingReactions } from './floating-reactions';
import styles from './immersive-overlay.module.css';
import { useShowRoomLive } from './show-room-live';
import { ViewerCount } from './viewer-count';

const visibleMessages = 6;

/**
 * The room over the full-screen video on a phone: host and brand with Follow, LIVE and viewers at the top; the
 * pinned products, the last few chat messages (fading upward) and the field to write at the bottom left; reactions
 * and the bag on the right. The middle of the picture, where the host's face usually is, stays clear.
 */
export function ImmersiveOverlay({ renderAction }: { renderAction: (product: PublicShowProduct) => React.ReactNode }) {
  const { show, brand, products } = useShowRoom();
  const { open } = useImmersive();
  const { you } = useShowRoomLive();
  return (
    <div className={styles.overlay} data-testid="immersive-overlay" data-status={show.status}>
      <header className={styles.top}>
        <div className={styles.host}>
          <span className={styles.avatar} aria-hidden="true">
            {brand.name.slice(0, 1).toUpperCase()}
          </span>
          <div className={styles.hostText}>
            <strong data-testid="show-brand">{brand.name}</strong>
            <span className={styles.title} data-testid="show-title">
              {show.title}
            </span>
          </div>
        </div>
        <div className={styles.topRight}>
          {show.status === 'LIVE' ? (
            <span className={`badge badge-live ${styles.live}`} data-testid="live-badge">
              ● Live
            </span>
          ) : (
            <StatusBadge status={show.status} />
          )}
          <span className={styles.viewers}>
            <ViewerCount />
          </span>
        </div>
        <div className={styles.follow}>
          <FollowButton brandId={brand.id} brandName={brand.name} />
          <ShareButton />
          {you?.canModerate ? (
            <button
              type="button"
              className={styles.chip}
              onClick={() => open({ kind: 'team' })}
              data-testid="team-button"
            >
              Team
            </button>
          ) : null}
        </div>
      </header>

      <div className={styles.bottom}>
        <div className={styles.left}>
          <PinnedCards renderAction={renderAction} />
          <OverlayChat />
        </div>
        <div className={styles.right}>
          {show.status === 'ENDED' || show.status === 'CANCELLED' ? null : <FloatingReactions variant="column" />}
          <button
            type="button"
            className={styles.bag}
            onClick={() => open({ kind: 'bag' })}
            aria-label={`Products in this show (${products.length})`}
            data-testid="bag-button"
          >
            <BagIcon />
            {products.length ? <span className={styles.bagCount}>{products.length}</span> : null}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The host's pinned products as cards over the video: picture, price (what Buy charges), stock and Buy. */
function PinnedCards({ renderAction }: { renderAction: (product: PublicShowProduct) => React.ReactNode }) {
  const { pins } = useShowRoomLive();
  const { products } = useShowRoom();
  const { open } = useImmersive();
  const pinned = pins.map((pin) => ({ pin, product: products.find((p) => p.showProductId === pin.showProductId) }));
  if (pinned.length === 0) return null;
  return (
    <ul className={styles.pins} aria-label="Pinned products" data-testid="pinned-products">
      {pinned.map(({ pin, product }) => (
        <li key={pin.showProductId} className={styles.pin} data-testid="pinned-card">
          {pin.imageUrl ? (
            <img src={pin.imageUrl} alt="" className={styles.pinImage} />
          ) : (
            <span className={styles.pinImage} />
          )}
          <div className={styles.pinBody}>
            {product ? (
              <button type="button" className={styles.pinTitle} onClick={() => open({ kind: 'product', product })}>
                {pin.title}
              </button>
            ) : (
              <span className={styles.pinTitle}>{pin.title}</span>
            )}
            <ProductPrice product={{ ...pin, stock: product?.stock }} />
          </div>
          {product ? <div className={styles.pinAction}>{renderAction(product)}</div> : null}
        </li>
      ))}
    </ul>
  );
}

function OverlayChat() {
  const { messages, connection } = useShowRoomLive();
  const recent = messages.slice(-visibleMessages);
  return (
    <section className={styles.chat} aria-label="Live chat" data-testid="chat-panel">
      <ol className={styles.messages} aria-live="polite">
        {recent.map((message) => (
          <MessageRow
            key={message.id}
            message={message}
            moderate={false}
            onError={() => {}}
            className={styles.message}
          />
        ))}
      </ol>
      {connection === 'offline' ? <p className={styles.offline}>Reconnecting…</p> : null}
      <Composer className={styles.composer} />
    </section>
  );
}

function BagIcon() {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
        d="M5 8h14l-1 12H6L5 8zM9 8V6a3 3 0 0 1 6 0v2"
      />
    </svg>
  );
}
