'use client';

// One conversation in the console: header with actions (assign/hand over, snooze, resolve/reopen, bot/human,
// CSV), the thread, the composer (canned replies with /shortcuts, private notes, product cards, images) and the
// customer panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, uploadWithProgress, urlOf } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { useBrand } from '../../../../components/console/brand-context';
import { ChatComposer } from '../../../../components/conversations/chat-composer';
import { ChatThread } from '../../../../components/conversations/chat-thread';
import { useTypingSignal, type ChatSocket } from '../../../../components/conversations/use-conversation-socket';
import { readBy, withLatestRead } from '../../../../components/conversations/read-state';
import { useThread } from '../../../../components/conversations/use-thread';
import {
  type ConversationPatch,
  type ConversationSummary,
  conversationRoutes as routes,
  type StoredMessageView,
} from '../../../../../server/conversations/conversation-schemas';
import type { ServerToClientEvents } from '../../../../../server/realtime/contract';
import { CustomerPanel } from './customer-panel';
import styles from '../../../../components/conversations/conversations.module.css';

type MessageEvent = Parameters<ServerToClientEvents['conversation:message-created']>[0];

export function ChatPane({
  conversationId,
  onBack,
  onOpen,
  typing,
  onChanged,
  registerEvents,
  socket = null,
}: {
  conversationId: string;
  onBack(): void;
  /** Opens another conversation (the customer panel's past conversations). */
  onOpen(conversationId: string): void;
  typing: string | null;
  onChanged(conversation: ConversationSummary): void;
  registerEvents(onMessage: (event: MessageEvent) => void, onRead: (conversationId: string, at: string) => void): void;
  socket?: ChatSocket | null;
}) {
  const { brandId } = useBrand();
  const params = { brandId, conversationId };
  const summary = useApiQuery(routes.get, { params });
  // setData is a new function each render: the callbacks below keep one identity through a ref.
  const setSummaryRef = useRef(summary.setData);
  setSummaryRef.current = summary.setData;
  const setSummary = useCallback(
    (next: ConversationSummary) => setSummaryRef.current((previous) => withLatestRead(previous, next)),
    [],
  );
  const staff = useApiQuery(routes.chatStaff, { params: { brandId } });
  const canned = useApiQuery(routes.cannedReplies, { params: { brandId } });
  const thread = useThread(params);
  const [privateNote, setPrivateNote] = useState(false);
  const [picking, setPicking] = useState(false);
  const [productQuery, setProductQuery] = useState('');
  const products = useApiQuery(
    routes.productCards,
    picking ? { params: { brandId }, query: { q: productQuery || undefined } } : null,
  );
  const [error, setError] = useState<string | null>(null);
  const conversation = summary.data;
  const signalTyping = useTypingSignal(socket, conversationId);

  const markRead = useCallback(() => {
    void call(routes.read, { params: { brandId, conversationId } }).then(
      (next) => {
        setSummary(next);
        onChanged(next);
      },
      () => undefined,
    );
  }, [brandId, conversationId, setSummary, onChanged]);
  useEffect(() => {
    if (thread.loaded) markRead();
  }, [thread.loaded, markRead]);

  useEffect(() => {
    registerEvents(
      (event) => {
        if (event.conversation.id !== conversationId) return;
        thread.append(event.message);
        setSummary(event.conversation);
        if (event.message.sender === 'CUSTOMER' && document.visibilityState === 'visible') markRead();
      },
      (id, at) => {
        if (id === conversationId) setSummaryRef.current((previous) => previous && readBy(previous, at));
      },
    );
  }, [registerEvents, conversationId, thread.append, setSummary, markRead]);

  const patch = async (body: ConversationPatch) => {
    setError(null);
    try {
      const next = await call(routes.update, { params, body });
      setSummary(next);
      onChanged(next);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not change the conversation');
    }
  };
  const sent = (stored: StoredMessageView) => {
    thread.append(stored.message);
    setSummary(stored.conversation);
    onChanged(stored.conversation);
  };
  const sendText = async (text: string) =>
    sent(await call(routes.send, { params, body: { kind: 'TEXT', text, private: privateNote } }));
  const sendProduct = async (productId: string) => {
    setPicking(false);
    try {
      sent(await call(routes.send, { params, body: { kind: 'PRODUCT', productId } }));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not send the product');
    }
  };
  const sendImage = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    sent(await uploadWithProgress(routes.sendImage, { params }, form, () => undefined));
  };
  const snooze = (hours: number) =>
    patch({ status: 'SNOOZED', snoozedUntil: new Date(Date.now() + hours * 3600_000).toISOString() });

  return (
    <>
      <section className={`${styles.column} ${styles.threadColumn}`} aria-label="Conversation" data-testid="chat-pane">
        <div className={styles.threadHeader}>
          <div className="row">
            <button type="button" className={`button button-small ${styles.back}`} onClick={onBack}>
              ← Chats
            </button>
            <strong data-testid="chat-customer-name">{conversation?.customer.name ?? '…'}</strong>
            {conversation ? <span className="badge">{conversation.status.toLowerCase()}</span> : null}
            {conversation ? <span className="muted">{conversation.mode === 'BOT' ? 'bot' : 'human'}</span> : null}
          </div>
          {conversation ? (
            <div className={styles.actions}>
              <select
                aria-label="Assignee"
                value={conversation.assignee?.userId ?? ''}
                onChange={(event) => void patch({ assigneeId: event.target.value || null })}
                data-testid="chat-assignee"
              >
                <option value="">Unassigned</option>
                {staff.data?.items.map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.name}
                  </option>
                ))}
              </select>
              <select
                aria-label="Snooze"
                value=""
                onChange={(event) => event.target.value && void snooze(Number(event.target.value))}
              >
                <option value="">Snooze…</option>
                <option value="1">1 hour</option>
                <option value="4">4 hours</option>
                <option value="24">Tomorrow</option>
              </select>
              {conversation.status === 'RESOLVED' ? (
                <button type="button" className="button button-small" onClick={() => void patch({ status: 'OPEN' })}>
                  Reopen
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void patch({ status: 'RESOLVED' })}
                  data-testid="chat-resolve"
                >
                  Resolve
                </button>
              )}
              <button
                type="button"
                className="button button-small"
                onClick={() => void patch({ mode: conversation.mode === 'BOT' ? 'HUMAN' : 'BOT' })}
              >
                {conversation.mode === 'BOT' ? 'Take over' : 'Back to bot'}
              </button>
              <a className="button button-small" href={urlOf(routes.exportCsv, { params })}>
                CSV
              </a>
            </div>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <ChatThread
          side="staff"
          messages={thread.messages}
          hasOlder={thread.hasOlder}
          onLoadOlder={() => void thread.loadOlder()}
          typing={typing}
          otherSideReadAt={conversation?.otherSideReadAt ?? null}
        />
        <ChatComposer
          onSend={sendText}
          onImage={sendImage}
          onTyping={privateNote ? undefined : signalTyping}
          canned={canned.data?.items ?? []}
          placeholder={privateNote ? 'Private note (only staff see it)' : 'Reply, or type / for canned replies'}
          extra={
            <div className={styles.actions}>
              <label className="row">
                <input
                  type="checkbox"
                  checked={privateNote}
                  onChange={(event) => setPrivateNote(event.target.checked)}
                  data-testid="chat-private"
                />{' '}
                Private note
              </label>
              <button
                type="button"
                className="button button-small"
                onClick={() => setPicking((open) => !open)}
                data-testid="chat-pick-product"
              >
                Product card
              </button>
              {picking ? (
                <div className="stack" data-testid="chat-product-picker">
                  <input
                    type="search"
                    placeholder="Find a product"
                    value={productQuery}
                    onChange={(event) => setProductQuery(event.target.value)}
                    aria-label="Find a product"
                  />
                  <ul className={styles.list}>
                    {products.data?.items.map((card) => (
                      <li key={card.productId}>
                        <button
                          type="button"
                          className={styles.listItem}
                          onClick={() => void sendProduct(card.productId)}
                          data-testid="chat-product-option"
                        >
                          <strong>{card.title}</strong>
                          <span className="muted">{card.stock.status === 'sold_out' ? 'sold out' : ''}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          }
        />
      </section>
      <section className={`${styles.column} ${styles.panelColumn} ${styles.panel}`} aria-label="Customer">
        <CustomerPanel
          conversationId={conversationId}
          messagesSeen={thread.messages.length}
          onOpen={onOpen}
          onCannedSaved={() => void canned.reload()}
        />
      </section>
    </>
  );
}
