'use client';

// The customer's threads with brands (also in the bell's panel): newest first, with unread counts.
import Link from 'next/link';
import { useApiQuery } from '../../api/queries';
import { RequireSession } from '../console/require-session';
import { EmptyState, LoadingState } from '../feedback/feedback';
import { type ConversationSummary, conversationRoutes } from '../../../server/conversations/conversation-schemas';
import { useConversationSocket } from './use-conversation-socket';
import styles from './conversations.module.css';

export function CustomerChatList() {
  return <RequireSession>{() => <ListBody />}</RequireSession>;
}

function ListBody() {
  const list = useApiQuery(conversationRoutes.myList, {});
  useConversationSocket({ onMessage: () => void list.reload(), onReconnect: () => void list.reload() });
  if (!list.data)
    return (
      <main className="container">
        <LoadingState label="Loading chats…" />
      </main>
    );
  return (
    <main className={`container ${styles.customerPage}`} data-testid="customer-chat-list">
      <h1>Chats</h1>
      {list.data.items.length === 0 ? (
        <EmptyState title="No chats yet">
          Ask a brand a question from its show or a product: the conversation appears here.
        </EmptyState>
      ) : null}
      <ConversationLinks items={list.data.items} />
    </main>
  );
}

export function ConversationLinks({ items, onOpen }: { items: ConversationSummary[]; onOpen?: () => void }) {
  return (
    <ul className={styles.list}>
      {items.map((item) => (
        <li key={item.id}>
          <Link
            href={`/me/chats/${encodeURIComponent(item.id)}`}
            className={styles.listItem}
            onClick={onOpen}
            data-testid="customer-chat-link"
          >
            <strong>{item.brandName}</strong>
            {item.unread > 0 ? <span className={styles.unreadBadge}>{item.unread}</span> : <span />}
            <span className={styles.preview}>{item.lastMessagePreview}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
