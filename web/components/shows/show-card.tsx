'use client';

import Link from 'next/link';
import type { PublicShow } from '../../api/api-types';
import { formatDateTime } from '../../format/date-time';
import { CompactCountdown } from './countdown';
import styles from './show-card.module.css';
import { StatusBadge } from './status-badge';

export function ShowCard({ show }: { show: PublicShow }) {
  return (
    <Link href={`/shows/${show.id}`} className={styles.card} data-testid="show-card" data-show-id={show.id}>
      <div className={styles.cover}>
        {show.coverUrl ? <img src={show.coverUrl} alt="" loading="lazy" /> : null}
        <span className={styles.badge}>
          <StatusBadge status={show.status} />
        </span>
      </div>
      <div className={styles.body}>
        <p className={styles.title}>{show.title}</p>
        <span className={styles.meta}>{show.brandName}</span>
        <span className={styles.meta}>
          {show.status === 'SCHEDULED' ? (
            <>
              {formatDateTime(show.scheduledStartAt)} · <CompactCountdown target={show.scheduledStartAt} />
            </>
          ) : show.status === 'LIVE' ? (
            'Live now: tap to watch'
          ) : (
            formatDateTime(show.endedAt ?? show.scheduledStartAt)
          )}
        </span>
      </div>
    </Link>
  );
}
