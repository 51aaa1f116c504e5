import styles from './show-room-layout.module.css';

/**
 * The show page's frame with one slot per concern. Media fills `player`, realtime fills `chat` (and live
 * updates), commerce fills `checkoutDrawer`; each slot is wired in show-room-slots.tsx.
 */
export function ShowRoomLayout({
  player,
  heading,
  productRail,
  chat,
  checkoutDrawer,
}: {
  player: React.ReactNode;
  heading: React.ReactNode;
  productRail: React.ReactNode;
  chat: React.ReactNode;
  /** Rendered last, outside the grid: a drawer or dialog positions itself. */
  checkoutDrawer: React.ReactNode;
}) {
  return (
    <main className={styles.room} data-testid="show-room">
      <div className={styles.player} data-slot="player">
        {player}
      </div>
      <div className={styles.heading}>{heading}</div>
      <div className={styles.products} data-slot="product-rail">
        {productRail}
      </div>
      <aside className={styles.chat} data-slot="chat" aria-label="Chat">
        {chat}
      </aside>
      {checkoutDrawer}
    </main>
  );
}
