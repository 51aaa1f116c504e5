'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { Show } from '../../api/api-types';
import { useApiQuery } from '../../api/queries';
import { ConfirmButton } from '../console/confirm-button';
import { Alert, ErrorState, LoadingState } from '../feedback/feedback';
import { DevicePickers } from './device-pickers';
import { LiveIndicator } from './live-indicator';
import { QualityPanel, useQualitySample } from './quality-panel';
import { usePhoneLayout } from '../show-page/use-phone-layout';
import { StudioOverlay } from './studio-overlay';
import { StudioPreview } from './studio-preview';
import { StudioRoom } from './studio-room';
import stageStyles from './studio-stage.module.css';
import { useWakeLock } from './use-wake-lock';
import { SalePanel } from '../checkout/sale-panel';
import type { StudioProblem } from './studio-problems';
import styles from './studio.module.css';
import { useCamera } from './use-camera';
import { useStudioPublisher } from './use-studio-publisher';
import { showRoutes } from '@server/shows/show-schemas';

const SHOW_REFRESH_MS = 10_000;

/**
 * The host studio for one show: preview, devices, go live / end, on-air time and upload quality. On a phone the
 * preview fills the screen with the live state, viewers, latest chat and the big buttons over it; the panels
 * (devices, flash sales, connection) open as a sheet.
 */
export function Studio(props: { brandId: string; showId: string; userId: string; isAdmin: boolean }) {
  return (
    <StudioRoom showId={props.showId}>
      <StudioScreen {...props} />
    </StudioRoom>
  );
}

function StudioScreen({
  brandId,
  showId,
  userId,
  isAdmin,
}: {
  brandId: string;
  showId: string;
  userId: string;
  isAdmin: boolean;
}) {
  const resource = useApiQuery(showRoutes.get, { params: { brandId, showId } });
  const { reload } = resource;
  const camera = useCamera();
  const publisher = useStudioPublisher(brandId, showId, () => void reload());
  const { phase } = publisher;
  const show = resource.data;
  const phone = usePhoneLayout();
  const [panelsOpen, setPanelsOpen] = useState(false);
  const quality = useQualitySample(phase === 'live', publisher.peerConnection);

  // A live publisher follows device switches without renegotiating.
  camera.onTrackReplaced.current = publisher.replaceTrack;

  // The show's status can change elsewhere (an encoder went live, the show ended): look again now and then.
  useEffect(() => {
    const timer = setInterval(() => void reload(), SHOW_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    if (phase === 'live') void reload();
  }, [phase, reload]);

  // Closing the tab while live would leave viewers waiting: ask first.
  const onAir = phase === 'live' || phase === 'reconnecting' || phase === 'connecting';
  useEffect(() => {
    if (!onAir) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [onAir]);
  useWakeLock(onAir);

  if (!show) {
    if (resource.loading) return <LoadingState label="Opening the studio…" />;
    return (
      <ErrorState
        message={resource.error?.status === 404 ? 'This show does not exist.' : 'Could not load the show.'}
        onRetry={resource.error?.status === 404 ? undefined : reload}
      />
    );
  }

  const notHost = !isAdmin && show.hostId !== userId;
  const closed = show.status === 'ENDED' || show.status === 'CANCELLED' || phase === 'ended';
  const problem: StudioProblem | null = publisher.problem ?? camera.problem;
  const hasVideo = Boolean(camera.stream?.getVideoTracks().length);
  const since = show.startedAt && onAir ? Date.parse(show.startedAt) : publisher.liveSince;

  return (
    <div
      className={`${styles.studio} ${phone ? stageStyles.phone : ''}`}
      data-testid="studio"
      data-phase={phase}
      data-show-status={show.status}
      data-layout={phone ? 'phone' : 'wide'}
      data-panels={panelsOpen ? 'open' : 'closed'}
    >
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <p className="muted">Studio</p>
          <h1 data-testid="studio-title">{show.title}</h1>
        </div>
        <LiveIndicator phase={closed ? 'ended' : phase} since={since} />
      </header>

      <div className={styles.grid}>
        <div className={`${styles.main} ${stageStyles.stage}`}>
          <StudioPreview camera={camera} onAir={onAir} />
          {phone ? <StudioOverlay phase={closed ? 'ended' : phase} since={since} quality={quality} /> : null}
          <div className={`${styles.actions} ${stageStyles.actions}`}>
            {closed ? (
              <EndedPanel show={show} />
            ) : onAir || phase === 'ending' ? (
              <ConfirmButton
                label="End show"
                title="End the show for everyone?"
                confirmLabel="End show"
                danger
                testId="end-show"
                onConfirm={publisher.endShow}
              >
                Viewers see that the show has ended and can watch the replay. You cannot go live again with this show.
              </ConfirmButton>
            ) : (
              <GoLiveButton
                disabled={!hasVideo || notHost || camera.starting}
                onConfirm={() => {
                  if (camera.stream) void publisher.goLive(camera.stream);
                }}
              />
            )}
            {phase === 'connecting' ? <span className="muted">Connecting to the live server…</span> : null}
            {phone ? (
              <button
                type="button"
                className={`button ${stageStyles.panelsButton}`}
                aria-expanded={panelsOpen}
                onClick={() => setPanelsOpen((open) => !open)}
                data-testid="studio-panels-toggle"
              >
                {panelsOpen ? 'Close' : 'Sales & settings'}
              </button>
            ) : null}
          </div>
          <div className={stageStyles.notices}>
            {phase === 'reconnecting' ? (
              <Alert tone="info" testId="studio-reconnecting">
                Your connection dropped. Reconnecting automatically — viewers see “reconnecting” and the show continues
                when you are back.
              </Alert>
            ) : null}
            {show.status === 'LIVE' && phase === 'idle' && !problem ? (
              <Alert tone="info">
                This show is live from another source (an encoder such as OBS, or another studio tab). Go live here only
                after stopping it there.
              </Alert>
            ) : null}
            {notHost ? (
              <Alert testId="studio-not-host">Only this show’s host or a brand admin can go live with it.</Alert>
            ) : null}
            <ProblemBox
              problem={problem}
              onRetry={
                problem?.code.startsWith('camera') ||
                problem?.code.startsWith('no-') ||
                problem?.code.startsWith('device')
                  ? camera.start
                  : undefined
              }
            />
          </div>
        </div>

        <aside className={`${styles.side} ${stageStyles.side}`} aria-label="Studio panels" data-testid="studio-panels">
          {phone ? (
            <div className={stageStyles.sheetHeader}>
              <strong>Sales &amp; settings</strong>
              <button type="button" className="button" onClick={() => setPanelsOpen(false)}>
                Back to camera
              </button>
            </div>
          ) : null}
          <DevicePickers camera={camera} />
          <QualityPanel active={phase === 'live'} reconnecting={phase === 'reconnecting'} sample={quality} />
          {/* start flash sales and watch units sold and revenue without leaving the camera */}
          <SalePanel showId={show.id} />
          <section className={`card ${styles.panel}`}>
            <h2>Show</h2>
            <p className="muted">Viewers watch at</p>
            <Link href={`/shows/${show.id}`} target="_blank" className="code" data-testid="studio-public-link">
              {`${typeof window === 'undefined' ? '' : window.location.origin}/shows/${show.id}`}
            </Link>
            <Link href={`/console/${brandId}/shows/${show.id}`}>Back to the show in the console</Link>
          </section>
        </aside>
      </div>
    </div>
  );
}

function GoLiveButton({ disabled, onConfirm }: { disabled: boolean; onConfirm: () => void }) {
  if (disabled) {
    return (
      <button type="button" className="button button-primary" disabled data-testid="go-live">
        Go live
      </button>
    );
  }
  return (
    <span className={styles.goLive}>
      <ConfirmButton
        label="Go live"
        title="Go live now?"
        confirmLabel="Go live"
        testId="go-live"
        onConfirm={async () => onConfirm()}
      >
        Your camera and microphone go out to everyone on the show page.
      </ConfirmButton>
    </span>
  );
}

function ProblemBox({ problem, onRetry }: { problem: StudioProblem | null; onRetry?: () => void }) {
  if (!problem) return <Alert />;
  return (
    <Alert testId="studio-problem">
      <div className={styles.problem} data-code={problem.code}>
        <strong>{problem.title}</strong>
        <span>{problem.hint}</span>
        {onRetry ? (
          <div>
            <button type="button" className="button button-small" onClick={onRetry} data-testid="studio-retry">
              Try again
            </button>
          </div>
        ) : null}
      </div>
    </Alert>
  );
}

function EndedPanel({ show }: { show: Show }) {
  return (
    <div className={styles.ended} data-testid="studio-ended">
      <strong>{show.status === 'CANCELLED' ? 'This show was cancelled.' : 'This show has ended.'}</strong>
      {show.status !== 'CANCELLED' ? (
        <Link className="button" href={`/shows/${show.id}`} target="_blank">
          Watch the replay
        </Link>
      ) : null}
    </div>
  );
}
