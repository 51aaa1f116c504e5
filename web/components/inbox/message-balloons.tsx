'use client';

import { formatMoney } from '../../format/money';
import type { RenderedBalloon } from './inbox-types';
import styles from './inbox.module.css';

/**
 * Messages carry absolute URLs (they also go out by email, push and LINE); our own images are loaded from this
 * origin instead, so the inbox works whatever public base URL the server was configured with.
 */
export function ownPath(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return /^\/(api|uploads|shows|appointments|offers|book)(\/|$)/.test(parsed.pathname)
      ? parsed.pathname + parsed.search
      : url;
  } catch {
    return url;
  }
}

/**
 * Renders message balloons. Every string is a React text node (never HTML), so a follower's name or a brand's text
 * cannot inject markup. `onOpen(index, url)` lets the caller record the click before leaving.
 */
export function MessageBalloons({
  balloons,
  onOpen,
}: {
  balloons: RenderedBalloon[];
  onOpen?: (index: number, url: string) => void;
}) {
  const open = (index: number, url: string) => (event: React.MouseEvent) => {
    if (!onOpen) return;
    event.preventDefault();
    onOpen(index, url);
  };
  return (
    <div className={styles.balloons}>
      {balloons.map((balloon, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a sent message never changes; a balloon's position is its identity (clicks are counted by balloonIndex)
        <Balloon key={index} balloon={balloon} open={(url) => open(index, url)} />
      ))}
    </div>
  );
}

function Balloon({
  balloon,
  open,
}: {
  balloon: RenderedBalloon;
  open: (url: string) => (event: React.MouseEvent) => void;
}) {
  switch (balloon.type) {
    case 'text':
      return (
        <p className={styles.balloon} data-testid="balloon-text">
          {balloon.text}
        </p>
      );
    case 'image':
      // biome-ignore lint/performance/noImgElement: personalized images are served by the API, not next/image
      return <img className={styles.image} src={ownPath(balloon.url)} alt={balloon.alt} loading="lazy" />;
    case 'video':
      return (
        // biome-ignore lint/a11y/useMediaCaption: brands upload video without captions; there is no caption file to offer yet
        <video className={styles.image} src={balloon.url} poster={ownPath(balloon.posterUrl)} controls preload="none" />
      );
    case 'product':
      return (
        <a
          href={ownPath(balloon.url)}
          className={styles.product}
          onClick={open(balloon.url)}
          data-testid="balloon-product"
        >
          {balloon.imageUrl ? (
            // biome-ignore lint/performance/noImgElement: same: an image served by our API
            <img src={ownPath(balloon.imageUrl)} alt="" className={styles.productImage} loading="lazy" />
          ) : null}
          <span className={styles.productText}>
            <strong>{balloon.title}</strong>
            <span className="muted">{formatMoney(balloon.priceMinor, balloon.currency)}</span>
            <span className={styles.buy}>{balloon.label}</span>
          </span>
        </a>
      );
    case 'button':
      return (
        <a href={balloon.url} className="button button-small button-primary" onClick={open(balloon.url)}>
          {balloon.label}
        </a>
      );
  }
}
