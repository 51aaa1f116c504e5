'use client';

import type { QualitySample } from '../../../media/browser/connection-quality';
import { useOptionalShowRoomLive } from '../show-room/show-room-live';
import { LiveIndicator } from './live-indicator';
import styles from './studio-stage.module.css';
import type { StudioPhase } from './use-studio-publisher';

const latestMessages = 4;

/**
 * What the host sees over the full-screen preview on a phone: on-air state and time, viewers, a clear warning when
 * the upload degrades, and the latest chat messages (the room's, read from the one realtime connection).
 */
export function StudioOverlay({
  phase,
  since,
  quality,
}: {
  phase: StudioPhase;
  since: number | null;
  quality: QualitySample | null;
}) {
  const live = useOptionalShowRoomLive();
  const messages = live?.messages.slice(-latestMessages) ?? [];
  const degraded = phase === 'reconnecting' ? 'lost' : quality && quality.level !== 'good' ? quality.level : null;
  return (
    <div className={styles.overlay} data-testid="studio-overlay">
      <div className={styles.overlayTop}>
        <LiveIndicator phase={phase} since={since} />
        {live?.joined ? (
          <span className={styles.pill} data-testid="studio-viewers">
            <span aria-hidden="true">👁</span> {live.viewers.toLocaleString()}{' '}
            <span className="visually-hidden">watching</span>
          </span>
        ) : null}
      </div>
      {degraded ? (
        <p
          className={`${styles.connectionWarning} ${styles[`warning-${degraded}`]}`}
          role="alert"
          data-testid="studio-connection-warning"
          data-level={degraded}
        >
          {degraded === 'lost'
            ? 'Connection lost: reconnecting. Viewers see “reconnecting”.'
            : degraded === 'poor'
              ? 'Weak connection: viewers may see stalls. Move closer to the Wi-Fi or stop other uploads.'
              : 'Connection is unsteady: picture quality is reduced.'}
        </p>
      ) : null}
      {messages.length ? (
        <ol className={styles.overlayChat} aria-label="Latest chat" data-testid="studio-chat">
          {messages.map((message) => (
            <li key={message.id}>
              <strong>{message.userName}</strong> {message.text}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
