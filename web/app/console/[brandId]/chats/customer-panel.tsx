'use client';

// Beside the thread: who the customer is to the brand (tags, interests, note, one timeline of her chats, orders,
// shows, survey answers, offers, appointments and menu taps, history, her other conversations with the brand),
// and the brand's canned replies.
import { useEffect, useRef, useState } from 'react';
import { call } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { conversationRoutes as routes } from '../../../../../server/conversations/conversation-schemas';
import { useBrand } from '../../../../components/console/brand-context';
import { SurveyAnswersPanel } from '../../../../components/surveys/survey-answers-panel';
import { CustomerTimeline } from './customer-timeline';

export function CustomerPanel({
  conversationId,
  messagesSeen,
  onOpen,
  onCannedSaved,
}: {
  conversationId: string;
  /** Messages the thread shows: when it grows (a reply, a new order in the chat), the panel reads again. */
  messagesSeen: number;
  onOpen(conversationId: string): void;
  onCannedSaved(): void;
}) {
  const { brandId } = useBrand();
  const { data, reload } = useApiQuery(routes.customerPanel, { params: { brandId, conversationId } });
  const seen = useRef(messagesSeen);
  useEffect(() => {
    if (messagesSeen === seen.current) return;
    seen.current = messagesSeen;
    void reload();
  }, [messagesSeen, reload]);
  const [shortCode, setShortCode] = useState('');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  if (!data) return <p className="muted">Loading customer…</p>;
  const saveCanned = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await call(routes.saveCannedReply, { params: { brandId }, body: { shortCode, text } });
      setSaved(`Saved /${shortCode}`);
      setShortCode('');
      setText('');
      onCannedSaved();
    } catch (caught) {
      setSaved(caught instanceof Error ? caught.message : 'Could not save');
    }
  };
  return (
    <div data-testid="customer-panel">
      <h2>{data.name}</h2>
      <p className="muted">
        {data.email ?? 'no email'} · {data.channel === 'LINE' ? 'LINE' : 'web'} ·{' '}
        {data.following ? 'follows the brand' : 'not following'}
      </p>
      <h3>Tags</h3>
      <div className="row">
        {data.tags.length ? (
          data.tags.map((tag) => (
            <span key={tag.id} className="badge">
              {tag.name}
            </span>
          ))
        ) : (
          <span className="muted">none</span>
        )}
      </div>
      <h3>Interests</h3>
      <div className="row">
        {data.interests.length ? (
          data.interests.map((tag) => (
            <span key={tag.id} className="badge">
              {tag.name}
            </span>
          ))
        ) : (
          <span className="muted">none</span>
        )}
      </div>
      <h3>Note</h3>
      <p>{data.note || <span className="muted">none</span>}</p>
      <CustomerTimeline brandId={brandId} conversationId={conversationId} onOpen={onOpen} />
      {data.followerId ? (
        <SurveyAnswersPanel brandId={brandId} followerId={data.followerId} conversationId={conversationId} />
      ) : null}
      <h3>History</h3>
      <p className="muted">
        First contact {new Date(data.firstContactAt).toLocaleDateString()} · {data.messageCount}{' '}
        {data.messageCount === 1 ? 'message' : 'messages'}
      </p>
      <h3>Past conversations</h3>
      {data.pastConversations.length === 0 ? <p className="muted">none</p> : null}
      <ul data-testid="past-conversations">
        {data.pastConversations.map((past) => (
          <li key={past.id}>
            <button type="button" className="button button-small" onClick={() => onOpen(past.id)}>
              {past.channel === 'LINE' ? 'LINE' : 'Web'} · {new Date(past.lastMessageAt).toLocaleDateString()} ·{' '}
              {past.status.toLowerCase()}
            </button>
            <div className="muted">{past.lastMessagePreview}</div>
          </li>
        ))}
      </ul>
      <h3>Canned replies</h3>
      <form onSubmit={(event) => void saveCanned(event)} className="stack">
        <input
          value={shortCode}
          onChange={(event) => setShortCode(event.target.value)}
          placeholder="shortcut, e.g. welcome"
          aria-label="Shortcut"
          pattern="[a-z0-9_-]{1,32}"
          required
        />
        <textarea
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Reply text"
          aria-label="Reply text"
          maxLength={2000}
          required
          rows={2}
        />
        <button type="submit" className="button button-small">
          Save reply
        </button>
        {saved ? <span className="muted">{saved}</span> : null}
      </form>
    </div>
  );
}
