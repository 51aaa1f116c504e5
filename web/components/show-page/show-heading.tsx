'use client';

import { FollowButton } from '../follow/follow-button';
import { StatusBadge } from '../shows/status-badge';
import { useShowRoom } from './show-room-context';
import { AskLink } from '../conversations/ask-links';
import styles from './show-heading.module.css';

export function ShowHeading() {
  const { show, brand } = useShowRoom();
  return (
    <header className={styles.heading}>
      <div className="row">
        <StatusBadge status={show.status} />
        <span className={styles.brand} data-testid="show-brand">
          {brand.name}
        </span>
        <FollowButton brandId={brand.id} brandName={brand.name} />
        <AskLink brandId={brand.id} label="Ask privately" />
      </div>
      <h1 data-testid="show-title">{show.title}</h1>
      {show.description ? <p className={`muted ${styles.description}`}>{show.description}</p> : null}
    </header>
  );
}
