'use client';

// The customer panel's timeline: her chats, orders, shows, survey answers, offers, appointments and menu taps with
// the brand, newest first, times in the brand's time zone, a page at a time ("Load more").
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../../../api/api-client';
import {
  conversationRoutes as routes,
  type TimelineEvent,
} from '../../../../../server/conversations/conversation-schemas';
import { formatMoney } from '../../../../format/money';

const kinds: Record<TimelineEvent['kind'], { icon: string; label: string }> = {
  conversation_started: { icon: '💬', label: 'Started a chat' },
  conversation_resolved: { icon: '✔', label: 'Chat resolved' },
  order_paid: { icon: '🛍', label: 'Paid' },
  order_refunded: { icon: '↩', label: 'Refunded' },
  show_attended: { icon: '📺', label: 'Attended' },
  survey_answered: { icon: '📝', label: 'Answered' },
  offer_sent: { icon: '🎁', label: 'Offer sent' },
  offer_used: { icon: '🏷', label: 'Used offer' },
  appointment_booked: { icon: '📅', label: 'Booked' },
  appointment_cancelled: { icon: '✖', label: 'Cancelled' },
  appointment_no_show: { icon: '⌛', label: 'Missed' },
  menu_tap: { icon: '👆', label: 'Tapped' },
};

const channelName = (label: string) => (label === 'LINE' ? 'on LINE' : 'on the web');

function describe(event: TimelineEvent) {
  if (event.kind === 'conversation_started' || event.kind === 'conversation_resolved') return channelName(event.label);
  const amount =
    event.amountMinor !== null && event.currency ? ` · ${formatMoney(event.amountMinor, event.currency)}` : '';
  return `${event.label}${amount}`;
}

export function CustomerTimeline({
  brandId,
  conversationId,
  onOpen,
}: {
  brandId: string;
  conversationId: string;
  onOpen(conversationId: string): void;
}) {
  const [items, setItems] = useState<TimelineEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState('UTC');
  const [state, setState] = useState<'loading' | 'idle' | 'failed'>('loading');

  const load = useCallback(
    async (after: string | null) => {
      setState('loading');
      try {
        const page = await call(routes.customerTimeline, {
          params: { brandId, conversationId },
          query: after ? { cursor: after, limit: 20 } : { limit: 20 },
        });
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setTimeZone(page.timeZone);
        setState('idle');
      } catch {
        setState('failed');
      }
    },
    [brandId, conversationId],
  );
  useEffect(() => {
    setItems([]);
    void load(null);
  }, [load]);

  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const link = (event: TimelineEvent, text: string) => {
    if (!event.linkId) return text;
    if (event.kind.startsWith('conversation_'))
      return event.linkId === conversationId ? (
        text
      ) : (
        <button type="button" className="link-button" onClick={() => onOpen(event.linkId!)}>
          {text}
        </button>
      );
    if (event.kind === 'show_attended') return <Link href={`/console/${brandId}/shows/${event.linkId}`}>{text}</Link>;
    if (event.kind.startsWith('order_') || event.kind === 'offer_used')
      return <Link href={`/console/${brandId}/orders`}>{text}</Link>;
    if (event.kind === 'offer_sent') return <Link href={`/console/${brandId}/offers`}>{text}</Link>;
    return text;
  };

  return (
    <section data-testid="customer-timeline">
      <h3>Timeline</h3>
      {state !== 'loading' && items.length === 0 ? <p className="muted">nothing yet</p> : null}
      <ol className="timeline">
        {items.map((event) => (
          <li key={event.key} data-kind={event.kind}>
            <span className="timeline-icon" aria-hidden="true">
              {kinds[event.kind].icon}
            </span>
            <div>
              <strong>{kinds[event.kind].label}</strong> {link(event, describe(event))}
              {event.detail ? <span className="muted"> · {event.detail}</span> : null}
              <div className="muted">
                <time dateTime={event.at}>{time.format(new Date(event.at))}</time>
              </div>
            </div>
          </li>
        ))}
      </ol>
      {state === 'failed' ? <p className="muted">Could not load the timeline.</p> : null}
      {cursor ? (
        <button
          type="button"
          className="button button-small"
          disabled={state === 'loading'}
          onClick={() => void load(cursor)}
        >
          {state === 'loading' ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
