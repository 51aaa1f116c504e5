'use client';

import Link from 'next/link';
import { useState } from 'react';
import { call } from '../../../api/api-client';
import type { Show } from '../../../api/api-types';
import { useApiQuery } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { ErrorState, LoadingState } from '../../feedback/feedback';
import { StatusBadge } from '../../shows/status-badge';
import { useBrand } from '../brand-context';
import { ConfirmButton } from '../confirm-button';
import { CopyButton } from '../copy-button';
import { ShowForm } from './show-form';
import { ShowProductsPanel } from './show-products-panel';
import { StreamKeyReveal } from './stream-key-reveal';
import { showRoutes } from '@server/shows/show-schemas';

function Summary({ show }: { show: Show }) {
  return (
    <section className="card stack" aria-label="Show summary">
      <dl className="form-grid two-columns" style={{ margin: 0 }}>
        <div>
          <dt className="muted">Starts</dt>
          <dd style={{ margin: 0 }} data-testid="show-start">
            {formatDateTime(show.scheduledStartAt)}
          </dd>
        </div>
        <div>
          <dt className="muted">Host</dt>
          <dd style={{ margin: 0 }}>{show.hostName ?? 'No host yet'}</dd>
        </div>
        {show.startedAt ? (
          <div>
            <dt className="muted">Went live</dt>
            <dd style={{ margin: 0 }}>{formatDateTime(show.startedAt)}</dd>
          </div>
        ) : null}
        {show.endedAt ? (
          <div>
            <dt className="muted">Ended</dt>
            <dd style={{ margin: 0 }}>{formatDateTime(show.endedAt)}</dd>
          </div>
        ) : null}
      </dl>
      <div>
        <div className="muted">Public page</div>
        <div className="row">
          <a href={show.publicUrl} className="code" target="_blank" rel="noreferrer" data-testid="public-url">
            {show.publicUrl}
          </a>
          <CopyButton text={show.publicUrl} label="Copy link" testId="copy-public-url" />
        </div>
      </div>
    </section>
  );
}

function StreamKeyPanel({ show }: { show: Show }) {
  const [streamKey, setStreamKey] = useState<string | null>(null);
  return (
    <section className="card stack" aria-labelledby="stream-key-title">
      <h2 id="stream-key-title">Stream key</h2>
      <p className="muted">
        The key was shown when the show was created. If it was lost or leaked, rotate it: the old key stops working at
        once.
      </p>
      {streamKey ? <StreamKeyReveal streamKey={streamKey} /> : null}
      <div>
        <ConfirmButton
          label="Rotate stream key"
          title="Rotate the stream key?"
          confirmLabel="Rotate key"
          danger
          testId="rotate-stream-key"
          onConfirm={async () => {
            const result = await call(showRoutes.rotateStreamKey, {
              params: { brandId: show.brandId, showId: show.id },
            });
            setStreamKey(result.streamKey);
          }}
        >
          The current key stops working immediately. An encoder using it will be disconnected and needs the new key.
        </ConfirmButton>
      </div>
    </section>
  );
}

export function ShowDetail({ showId }: { showId: string }) {
  const { brandId, consoleBase, canEdit, role } = useBrand();
  const resource = useApiQuery(showRoutes.get, { params: { brandId, showId } });
  const show = resource.data;

  if (resource.loading && !show) return <LoadingState label="Loading show…" />;
  if (!show) {
    return (
      <ErrorState
        message={resource.error?.status === 404 ? 'This show does not exist.' : 'Could not load this show.'}
        onRetry={resource.error?.status === 404 ? undefined : resource.reload}
      />
    );
  }
  const scheduled = show.status === 'SCHEDULED';

  return (
    <div className="stack" data-testid="show-detail" data-show-id={show.id}>
      <Link href={`${consoleBase}/shows`}>← Shows</Link>
      <div className="page-header">
        <div className="row">
          <h1>{show.title}</h1>
          <StatusBadge status={show.status} />
        </div>
        <Link className="button" href={`/shows/${show.id}`} data-testid="view-public-page">
          View public page
        </Link>
        <Link className="button" href={`${consoleBase}/shows/${show.id}/report`} data-testid="open-report">
          Report
        </Link>
        <Link
          className="button"
          href={`${consoleBase}/shows/${show.id}/announcements`}
          data-testid="open-announcements"
        >
          Announcements
        </Link>
        {(canEdit || role === 'HOST') && (scheduled || show.status === 'LIVE') ? (
          <Link className="button button-primary" href={`/studio/${show.brandId}/${show.id}`} data-testid="open-studio">
            Open studio
          </Link>
        ) : null}
      </div>
      <Summary show={show} />
      {canEdit && scheduled ? (
        <section aria-labelledby="show-edit-title" className="stack">
          <h2 id="show-edit-title">Details and schedule</h2>
          <ShowForm show={show} onSaved={resource.setData} />
        </section>
      ) : null}
      <ShowProductsPanel
        showId={show.id}
        editable={canEdit && show.status !== 'ENDED' && show.status !== 'CANCELLED'}
      />
      {canEdit && (scheduled || show.status === 'LIVE') ? <StreamKeyPanel show={show} /> : null}
      {canEdit && scheduled ? (
        <section className="card stack" aria-labelledby="cancel-title">
          <h2 id="cancel-title">Cancel show</h2>
          <p className="muted">Viewers will see that the show was cancelled. This cannot be undone.</p>
          <div>
            <ConfirmButton
              label="Cancel show"
              title="Cancel this show?"
              confirmLabel="Cancel show"
              danger
              testId="cancel-show"
              onConfirm={async () =>
                resource.setData(await call(showRoutes.cancel, { params: { brandId: show.brandId, showId: show.id } }))
              }
            >
              “{show.title}” will be cancelled and its public page will stop working. This cannot be undone.
            </ConfirmButton>
          </div>
        </section>
      ) : null}
      {!canEdit ? <p className="muted">Only brand admins can change shows.</p> : null}
    </div>
  );
}
