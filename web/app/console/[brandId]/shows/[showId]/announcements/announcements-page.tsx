'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../../../../../api/api-client';
import { useApiQuery } from '../../../../../../api/queries';
import { useBrand } from '../../../../../../components/console/brand-context';
import { MessageBalloons } from '../../../../../../components/inbox/message-balloons';
import type { RenderedMessage } from '../../../../../../components/inbox/inbox-types';
import styles from '../../../audience/audience.module.css';
import { StepForm } from './step-form';
import { audienceRoutes } from '@server/audience/audience-schemas';
import {
  type AnnouncementStep,
  announcementRoutes,
  type StepReport as Report,
} from '@server/announcements/announcement-schemas';
import { showRoutes } from '@server/shows/show-schemas';
import { segmentRoutes } from '@server/segments/segment-schemas';
import { productRoutes } from '@server/catalog/product-schemas';

type Step = AnnouncementStep;

const whenLabel = (step: Step) => {
  if (step.trigger === 'LIVE_NOW') return 'When the show goes live';
  const minutes = step.offsetMinutes;
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} day${minutes === 24 * 60 ? '' : 's'} before`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'} before`;
  return `${minutes} minutes before`;
};

const etaLabel = (seconds: number) => (seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

/** The show's countdown: steps with schedule, status and insight; add, preview as a follower, report, delete. */
export function AnnouncementsPage() {
  const { showId } = useParams<{ showId: string }>();
  const { brandId, consoleBase, canEdit } = useBrand();
  const steps = useApiQuery(announcementRoutes.list, { params: { brandId, showId } });
  const show = useApiQuery(showRoutes.get, { params: { brandId, showId } });
  const segments = useApiQuery(segmentRoutes.list, { params: { brandId } });
  const products = useApiQuery(productRoutes.list, { params: { brandId }, query: { limit: 100 } });
  const [preview, setPreview] = useState<{ stepId: string; message: RenderedMessage } | null>(null);
  const [report, setReport] = useState<{ stepId: string; report: Report } | null>(null);
  const [followerQuery, setFollowerQuery] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // While a step goes out its counts move: read them again every 2 s until no step is sending.
  const sending = steps.data?.items.some((step) => step.status === 'SENDING') ?? false;
  const reloadSteps = steps.reload;
  useEffect(() => {
    if (!sending) return;
    const timer = setInterval(() => void reloadSteps(), 2_000);
    return () => clearInterval(timer);
  }, [sending, reloadSteps]);

  async function showPreview(step: Step) {
    try {
      const found = followerQuery
        ? (await call(audienceRoutes.followers, { params: { brandId }, query: { q: followerQuery, limit: 1 } }))
            .items[0]
        : undefined;
      const rendered = await call(announcementRoutes.preview, {
        params: { brandId, stepId: step.id },
        query: { followerId: found?.id },
      });
      setPreview({ stepId: step.id, message: rendered });
      if (followerQuery && !found) setMessage('No follower matches; showing the preview for an anonymous follower.');
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  async function showReport(step: Step) {
    try {
      setReport({
        stepId: step.id,
        report: await call(announcementRoutes.report, { params: { brandId, stepId: step.id } }),
      });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  async function remove(step: Step) {
    try {
      await call(announcementRoutes.delete, { params: { brandId, stepId: step.id } });
      await steps.reload();
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <Link href={`${consoleBase}/shows/${showId}`} className="muted">
            ← {show.data?.title ?? 'Show'}
          </Link>
          <h1>Announcements</h1>
          {show.data ? <p className="muted">Starts {new Date(show.data.scheduledStartAt).toLocaleString()}</p> : null}
        </div>
      </div>
      <div className={styles.toolbar}>
        <input
          className="input"
          type="search"
          placeholder="Preview as follower (name or email)"
          value={followerQuery}
          onChange={(event) => setFollowerQuery(event.target.value)}
          aria-label="Preview as follower"
        />
      </div>
      <ul className={styles.list} data-testid="steps">
        {steps.data?.items.map((step) => (
          <li key={step.id} className={styles.row} style={{ gridTemplateColumns: '1fr' }}>
            <div className={styles.who}>
              <strong>{whenLabel(step)}</strong>
              <span className="muted">
                {step.status.toLowerCase()}
                {step.sendAt && step.trigger === 'BEFORE_START' ? ` · ${new Date(step.sendAt).toLocaleString()}` : ''} ·{' '}
                {step.segment?.name ?? 'all followers'} · {step.balloons.map((balloon) => balloon.type).join(', ')}
              </span>
              <span data-testid="step-progress">
                {step.report.queued ? `queued ${step.report.queued} · ` : ''}sent {step.report.sent} · delivered{' '}
                {step.report.delivered} · opened {step.report.opened} · clicked {step.report.clicked}
                {step.report.failed ? ` · failed ${step.report.failed}` : ''}
                {step.report.skipped ? ` · skipped ${step.report.skipped}` : ''}
                {step.status === 'SENDING' && step.report.etaSeconds !== null
                  ? ` · done in about ${etaLabel(step.report.etaSeconds)}`
                  : ''}
              </span>
            </div>
            <div className="row">
              <button type="button" className="button button-small" onClick={() => void showPreview(step)}>
                Preview
              </button>
              <button type="button" className="button button-small" onClick={() => void showReport(step)}>
                Report
              </button>
              {canEdit && (step.status === 'PENDING' || step.status === 'CANCELLED') ? (
                <button type="button" className="button button-small button-danger" onClick={() => void remove(step)}>
                  Delete
                </button>
              ) : null}
            </div>
            {preview?.stepId === step.id ? (
              <div className="card" data-testid="step-preview">
                <strong>{preview.message.title}</strong>
                <MessageBalloons balloons={preview.message.balloons} />
              </div>
            ) : null}
            {report?.stepId === step.id ? (
              <div className="card">
                <table>
                  <thead>
                    <tr>
                      <th>Channel</th>
                      <th>Queued</th>
                      <th>Sent</th>
                      <th>Delivered</th>
                      <th>Opened</th>
                      <th>Failed</th>
                      <th>Skipped</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(report.report.channels).map(([channel, row]) => (
                      <tr key={channel}>
                        <td>{channel.toLowerCase()}</td>
                        <td>{row.queued}</td>
                        <td>{row.sent}</td>
                        <td>{row.delivered}</td>
                        <td>{row.opened}</td>
                        <td>{row.failed}</td>
                        <td>{row.skipped}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  Clicks per balloon:{' '}
                  {report.report.balloons
                    .map((balloon) => `#${balloon.index + 1}: ${balloon.clicked} (${balloon.uniqueClickers} people)`)
                    .join(' · ') || 'none yet'}
                  {report.report.showLinkClicks ? ` · show link: ${report.report.showLinkClicks}` : ''}
                </p>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {steps.data?.items.length === 0 ? <p className="muted">No steps yet: add a countdown below.</p> : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
      {canEdit && show.data?.status === 'SCHEDULED' ? (
        <StepForm
          brandId={brandId}
          showId={showId}
          segments={segments.data?.items ?? []}
          products={products.data?.items ?? []}
          onSaved={() => void steps.reload()}
        />
      ) : null}
    </div>
  );
}
