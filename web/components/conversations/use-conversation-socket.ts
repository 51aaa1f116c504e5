'use client';

// One socket per chat page for the account's own room (and, for staff, the brand's chat room): conversation
// messages, typing and read receipts arrive here. The server puts the socket in those rooms from its session.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/contract';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConversationEvents {
  onMessage?: ServerToClientEvents['conversation:message-created'];
  onUpdated?: ServerToClientEvents['conversation:updated'];
  onTyping?: ServerToClientEvents['conversation:typing'];
  onRead?: ServerToClientEvents['conversation:read'];
  /** After a reconnect: what was missed must be read again over HTTP. */
  onReconnect?: () => void;
}

export function useConversationSocket(events: ConversationEvents): { socket: ChatSocket | null; connected: boolean } {
  const handlers = useRef(events);
  handlers.current = events;
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const chat: ChatSocket = io({ transports: ['websocket', 'polling'] });
    let connectedBefore = false;
    chat.on('connect', () => {
      setConnected(true);
      if (connectedBefore && !chat.recovered) handlers.current.onReconnect?.();
      connectedBefore = true;
    });
    chat.on('disconnect', () => setConnected(false));
    chat.on('conversation:message-created', (event) => handlers.current.onMessage?.(event));
    chat.on('conversation:updated', (event) => handlers.current.onUpdated?.(event));
    chat.on('conversation:typing', (event) => handlers.current.onTyping?.(event));
    chat.on('conversation:read', (event) => handlers.current.onRead?.(event));
    setSocket(chat);
    return () => {
      chat.removeAllListeners();
      chat.disconnect();
      setSocket(null);
    };
  }, []);
  return { socket, connected };
}

/** Sends "typing" at most once every 3 s while the person types. */
export function useTypingSignal(socket: ChatSocket | null, conversationId: string | null): () => void {
  const last = useRef(0);
  return () => {
    if (!socket?.connected || !conversationId || Date.now() - last.current < 3000) return;
    last.current = Date.now();
    socket.emit('conversation:typing', { conversationId });
  };
}
