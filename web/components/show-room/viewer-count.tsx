'use client';

import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

export function ViewerCount() {
  const { viewers, joined } = useShowRoomLive();
  if (!joined) return null;
  return (
    <span className={styles.viewers} data-testid="viewer-count">
      <span aria-hidden="true">👁</span> {viewers.toLocaleString()} watching
    </span>
  );
}
