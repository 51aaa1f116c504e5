'use client';

// The private answer to a viewer who typed the brand's order keyword in the chat: her hold with a button that opens
// the checkout drawer on it, the products to pick from when several are pinned, her place in the waitlist, or why
// not. Only she sees it (the server sends it to her account's sockets).
import { useState } from 'react';
import { checkoutStore } from '../checkout/checkout-store';
import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

export function KeywordOrderNotice() {
  const { keywordAnswer: answer, command, setKeywordAnswer } = useShowRoomLive();
  const [busy, setBusy] = useState(false);
  if (!answer) return null;
  const close = (
    <button type="button" className={styles.linkButton} onClick={() => setKeywordAnswer(null)}>
      Dismiss
    </button>
  );
  if (answer.kind === 'held')
    return (
      <div className={styles.hint} role="status" data-testid="keyword-order" data-kind="held">
        {answer.fromWaitlist ? 'Your turn came: ' : 'Ordered: '}
        <strong>
          {answer.title} × {answer.quantity}
        </strong>{' '}
        is held for you.{' '}
        <button
          type="button"
          className="button button-primary"
          data-testid="keyword-checkout"
          onClick={() => {
            const { orderId, reservationId, expiresAt, remaining, title, flash } = answer;
            checkoutStore.openOrder({
              orderId,
              reservationId,
              expiresAt,
              remaining,
              title,
              kind: flash ? 'flash' : 'regular',
            });
            setKeywordAnswer(null);
          }}
        >
          Check out
        </button>{' '}
        {close}
      </div>
    );
  if (answer.kind === 'choose')
    return (
      <div className={styles.hint} role="status" data-testid="keyword-order" data-kind="choose">
        Which one? {answer.options.length} products are pinned.{' '}
        {answer.options.map((option) => (
          <button
            key={option.showProductId}
            type="button"
            className="button"
            disabled={busy}
            data-testid="keyword-choice"
            onClick={async () => {
              setBusy(true);
              const result = await command('keyword:choose', {
                showProductId: option.showProductId,
                quantity: answer.quantity,
              });
              setBusy(false);
              setKeywordAnswer(
                result.ok ? result.data : { showId: answer.showId, kind: 'refused', message: result.error.message },
              );
            }}
          >
            {option.title}
          </button>
        ))}{' '}
        {close}
      </div>
    );
  return (
    <div className={styles.hint} role="status" data-testid="keyword-order" data-kind={answer.kind}>
      {answer.kind === 'waitlisted'
        ? `${answer.title} is sold out: you are number ${answer.position} on the waitlist. If units come back, they are held for you in turn.`
        : answer.message}{' '}
      {close}
    </div>
  );
}
