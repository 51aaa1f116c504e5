'use client';

// The customer's thread with one brand (/me/chats/<id>), or the start of one (/me/chats/new?brand=…&product=…):
// "Chat with us", "Ask privately" and "Ask about this" all land here. Product cards' Buy opens the checkout drawer.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, uploadWithProgress } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { CheckoutDrawer } from '../checkout/checkout-drawer';
import { RequireSession } from '../console/require-session';
import { ErrorState, LoadingState } from '../feedback/feedback';
import { BrandMenu } from '../menus/brand-menu';
import { SurveyQuickReplies } from '../surveys/survey-quick-replies';
import {
  type ConversationSummary,
  conversationRoutes as routes,
} from '../../../server/conversations/conversation-schemas';
import { ChatComposer } from './chat-composer';
import { ChatThread } from './chat-thread';
import { useConversationSocket, useTypingSignal } from './use-conversation-socket';
import { readBy, withLatestRead } from './read-state';
import { useThread } from './use-thread';
import styles from './conversations.module.css';

export function CustomerChat({ conversationId }: { conversationId: string | null }) {
  return <RequireSession>{() => <CustomerChatBody conversationId={conversationId} />}</RequireSession>;
}

function CustomerChatBody({ conversationId: given }: { conversationId: string | null }) {
  const router = useRouter();
  const search = useSearchParams();
  const brandId = search?.get('brand') ?? null;
  const [productId, setProductId] = useState<string | null>(search?.get('product') ?? null);
  const list = useApiQuery(routes.myList, given ? null : {});
  // Starting from a brand: the conversation with that brand, if there is one already, is the same thread.
  const existing = !given && brandId ? list.data?.items.find((item) => item.brandId === brandId) : undefined;
  const conversationId = given ?? existing?.id ?? null;
  const summary = useApiQuery(routes.myGet, conversationId ? { params: { conversationId } } : null);
  const [current, setCurrentState] = useState<ConversationSummary | null>(null);
  const setCurrent = useCallback(
    (next: ConversationSummary) => setCurrentState((previous) => withLatestRead(previous, next)),
    [],
  );
  const conversation = current?.id === conversationId ? current : (summary.data ?? null);
  const thread = useThread(conversationId ? { conversationId } : null);
  const [typing, setTyping] = useState<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const product = useApiQuery(routes.productCard, productId ? { params: { productId } } : null);
  // The brand's announcements to her appear inside the thread, among the messages by time.
  const announcements = useApiQuery(
    routes.myAnnouncements,
    conversationId ? { params: { conversationId }, query: {} } : null,
  );

  const markRead = useCallback(() => {
    if (!conversationId || document.visibilityState !== 'visible') return;
    void call(routes.myRead, { params: { conversationId } }).then(setCurrent, () => undefined);
  }, [conversationId, setCurrent]);
  useEffect(() => {
    if (thread.loaded) markRead();
  }, [thread.loaded, markRead]);

  const { socket } = useConversationSocket({
    onMessage: (event) => {
      if (event.conversation.id !== conversationId) return;
      thread.append(event.message);
      setCurrent(event.conversation);
      if (event.message.sender !== 'CUSTOMER') {
        setTyping(null);
        markRead();
      }
    },
    onUpdated: ({ conversation: next }) => next.id === conversationId && setCurrent(next),
    onTyping: (event) => {
      if (event.conversationId !== conversationId || event.side !== 'staff') return;
      setTyping(event.name);
      clearTimeout(typingTimer.current);
      typingTimer.current = setTimeout(() => setTyping(null), 5000);
    },
    onRead: (event) => {
      if (event.conversationId === conversationId && event.side === 'staff')
        setCurrentState((value) => {
          const base = value?.id === conversationId ? value : summary.data;
          return base ? readBy(base, event.at) : value;
        });
    },
    onReconnect: () => {
      void thread.reload();
      void announcements.reload();
    },
  });
  const signalTyping = useTypingSignal(socket, conversationId);

  const send = async (text: string) => {
    const body = { text, ...(productId ? { productId } : {}) };
    if (!conversationId && !brandId) throw new Error('Choose a brand to chat with.');
    const stored = conversationId
      ? await call(routes.mySend, { params: { conversationId }, body })
      : await call(routes.start, { body: { brandId: brandId ?? '', ...body } });
    setProductId(null);
    thread.append(stored.message);
    setCurrent(stored.conversation);
    if (!conversationId) router.replace(`/me/chats/${encodeURIComponent(stored.conversation.id)}`);
  };
  const sendImage = async (file: File) => {
    if (!conversationId) throw new Error('Write a first message, then send pictures.');
    const form = new FormData();
    form.append('file', file);
    const stored = await uploadWithProgress(routes.mySendImage, { params: { conversationId } }, form, () => undefined);
    thread.append(stored.message);
  };

  if (!given && !brandId)
    return (
      <main className="container">
        <ErrorState message="Choose a brand to chat with." />
      </main>
    );
  if (!given && list.loading)
    return (
      <main className="container">
        <LoadingState label="Opening the chat…" />
      </main>
    );
  if (summary.error)
    return (
      <main className="container">
        <ErrorState
          message={
            summary.error.status === 404 ? 'This conversation does not exist or is not yours.' : summary.error.message
          }
        />
      </main>
    );
  return (
    <main className={`container ${styles.customerPage}`} data-testid="customer-chat">
      <header className={styles.customerHeader}>
        <Link href="/me/chats" aria-label="All chats">
          ←
        </Link>
        <div>
          <h1 className={styles.customerTitle}>{conversation?.brandName ?? 'New chat'}</h1>
          <span className="muted">
            {conversation?.mode === 'BOT'
              ? 'Automatic answers until a person replies'
              : conversation?.assignee
                ? `With ${conversation.assignee.name}`
                : 'A client advisor will answer here'}
          </span>
        </div>
      </header>
      <ChatThread
        side="customer"
        messages={thread.messages}
        hasOlder={thread.hasOlder}
        onLoadOlder={() => void thread.loadOlder()}
        typing={typing}
        otherSideReadAt={conversation?.otherSideReadAt ?? null}
        announcements={announcements.data?.items ?? []}
      />
      {thread.error ? <p role="alert">{thread.error}</p> : null}
      {conversationId ? <SurveyQuickReplies conversationId={conversationId} messages={thread.messages.length} /> : null}
      <ChatComposer
        onSend={send}
        onImage={sendImage}
        onTyping={signalTyping}
        placeholder={productId ? 'Ask about this product' : 'Write a message'}
        extra={
          productId ? (
            <p className={styles.context} data-testid="chat-product-context">
              About: <strong>{product.data?.title ?? 'this product'}</strong>{' '}
              <button type="button" className="button-link" onClick={() => setProductId(null)}>
                remove
              </button>
            </p>
          ) : null
        }
      />
      {/* Her shortcut menu for this brand, under the chat as in LINE. */}
      {conversation?.brandId || brandId ? <BrandMenu brandId={conversation?.brandId ?? brandId ?? ''} compact /> : null}
      <CheckoutDrawer />
    </main>
  );
}
