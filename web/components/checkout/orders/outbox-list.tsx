'use client';

import { useApiQuery } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { RequireSession } from '../../console/require-session';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import styles from './orders.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

/** Embedded mode has no mail server: receipts land here instead of an inbox. */
export function OutboxList() {
  return <RequireSession>{() => <OutboxBody />}</RequireSession>;
}

function OutboxBody() {
  const { data, error, loading, reload } = useApiQuery(commerceRoutes.outbox, {});
  return (
    <main className="container">
      <h1>Mail outbox</h1>
      <p className="muted">This demo runs without a mail server. Mail sent to you (receipts, refunds) is kept here.</p>
      {loading && !data ? <LoadingState label="Loading mail…" /> : null}
      {error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState title="No mail yet">Receipts appear here after you pay.</EmptyState>
      ) : null}
      <ul className={styles.list} data-testid="outbox">
        {data?.items.map((mail) => (
          <li key={mail.id} className="card">
            <details>
              <summary>
                <strong>{mail.subject}</strong> <span className="muted">· {formatDateTime(mail.createdAt)}</span>
              </summary>
              <pre className={styles.mail}>{mail.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </main>
  );
}
