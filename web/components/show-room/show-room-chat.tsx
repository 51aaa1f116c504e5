'use client';

import { ChatPanel } from './chat-panel';
import { FloatingReactions } from './floating-reactions';
import { HostControls } from './host-controls';
import { KeywordOrderNotice } from './keyword-order-notice';
import { PinnedProducts } from './pinned-products';
import { ViewerCount } from './viewer-count';
import styles from './show-room.module.css';

/** Everything in the show room's chat slot: viewers, pins, chat, reactions, and the team's controls. */
export function ShowRoomChat() {
  return (
    <div className={styles.column}>
      <ViewerCount />
      <PinnedProducts />
      <KeywordOrderNotice />
      <ChatPanel />
      <FloatingReactions />
      <HostControls />
    </div>
  );
}
