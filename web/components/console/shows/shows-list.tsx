'use client';

import Link from 'next/link';
import { useApiPages } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { StatusBadge } from '../../shows/status-badge';
import { useBrand } from '../brand-context';
import styles from './shows-list.module.css';
import { showRoutes } from '@server/shows/show-schemas';

export function ShowsList() {
  const { brandId, consoleBase, canEdit } = useBrand();
  const list = useApiPages(showRoutes.list, { params: { brandId }, query: { limit: 20 } });
  const newShow = canEdit ? (
    <Link className="button button-primary" href={`${consoleBase}/shows/new`} data-testid="new-show">
      Schedule a show
    </Link>
  ) : null;

  return (
    <>
      <div className="page-header">
        <h1>Shows</h1>
        {newShow}
      </div>
      {list.loading && list.items.length === 0 ? (
        <LoadingState label="Loading shows…" />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState message={`Could not load shows: ${list.error.message}`} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <EmptyState title="No shows yet" action={newShow ?? undefined}>
          Schedule a show, attach products and share its page with your audience.
        </EmptyState>
      ) : (
        <>
          <ul className={styles.list} data-testid="shows-list">
            {list.items.map((show) => (
              <li key={show.id} className={`card ${styles.item}`} data-testid="show-row" data-show-id={show.id}>
                {show.coverUrl ? (
                  <img className={styles.cover} src={show.coverUrl} alt="" loading="lazy" />
                ) : (
                  <div className={styles.cover} aria-hidden="true" />
                )}
                <div className={styles.info}>
                  <Link className={styles.title} href={`${consoleBase}/shows/${show.id}`}>
                    {show.title}
                  </Link>
                  <div className={styles.meta}>
                    <StatusBadge status={show.status} />
                    <span>{formatDateTime(show.scheduledStartAt)}</span>
                    <span>{show.hostName ? `Host: ${show.hostName}` : 'No host yet'}</span>
                  </div>
                </div>
                <Link className="button button-small" href={`${consoleBase}/shows/${show.id}`}>
                  {canEdit ? 'Manage' : 'View'}
                </Link>
              </li>
            ))}
          </ul>
          {list.error ? <p role="alert">{list.error.message}</p> : null}
          {list.hasMore ? (
            <div className={styles.more}>
              <button
                type="button"
                className="button"
                onClick={list.loadMore}
                disabled={list.loadingMore}
                data-testid="load-more"
              >
                {list.loadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
