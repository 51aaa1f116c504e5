'use client';

import { ProductPrice } from '../show-page/product-price';
import { useShowRoom } from '../show-page/show-room-context';
import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

/** The host's pinned products, shown over the chat the moment they are pinned. */
export function PinnedProducts() {
  const { pins, you, command } = useShowRoomLive();
  const { products } = useShowRoom();
  if (pins.length === 0) return null;
  return (
    <ul className={styles.pins} aria-label="Pinned products" data-testid="pinned-products">
      {pins.map((pin) => (
        <li key={pin.showProductId} className={styles.pin}>
          {pin.imageUrl ? (
            <img src={pin.imageUrl} alt="" className={styles.pinImage} />
          ) : (
            <span className={styles.pinImage} />
          )}
          <span className={styles.pinBody}>
            <span className={styles.pinTitle}>{pin.title}</span>
            <ProductPrice
              product={{
                ...pin,
                stock: products.find((product) => product.showProductId === pin.showProductId)?.stock,
              }}
            />
          </span>
          {you?.canPin ? (
            <button
              type="button"
              className={styles.linkButton}
              onClick={() => void command('pin:remove', { showProductId: pin.showProductId })}
            >
              Unpin
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
