'use client';

import { formatDateTime } from '../../format/date-time';
import { Countdown } from '../shows/countdown';
import { useShowRoom } from './show-room-context';
import styles from './show-stage.module.css';

/**
 * The player area before there is a player: cover image with the upcoming countdown, or a short
 * message for live/ended/cancelled shows. The media player replaces it (see show-room-slots.tsx).
 */
export function ShowStage({ children }: { children?: React.ReactNode }) {
  const { show } = useShowRoom();
  return (
    <div className={styles.stage} data-testid="show-stage" data-status={show.status}>
      {show.coverUrl ? <img className={styles.cover} src={show.coverUrl} alt="" /> : null}
      <div className={styles.overlay}>{children ?? <StageMessage />}</div>
    </div>
  );
}

function StageMessage() {
  const { show } = useShowRoom();
  switch (show.status) {
    case 'SCHEDULED':
      return (
        <>
          <p className={styles.kicker}>Starts in</p>
          <Countdown target={show.scheduledStartAt} />
          <p className={styles.when}>{formatDateTime(show.scheduledStartAt)}</p>
        </>
      );
    case 'LIVE':
      return <p className={styles.kicker}>Live now</p>;
    case 'ENDED':
      return (
        <>
          <p className={styles.kicker}>This show has ended</p>
          <p className={styles.when}>{formatDateTime(show.endedAt)}</p>
        </>
      );
    default:
      return <p className={styles.kicker}>This show was cancelled</p>;
  }
}
