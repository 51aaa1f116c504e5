// The LINE Messaging API calls a conversation needs: reply (with the event's reply token), push, and the content
// of an image a user sent (served from api-data.line.me).
import { randomUUID } from 'node:crypto';
import type { LineMessage } from '../channels/line-messages';

export type LineSendResult = { ok: true } | { ok: false; status: number; error: string };

export interface LineClient {
  reply(accessToken: string, replyToken: string, messages: LineMessage[]): Promise<LineSendResult>;
  push(accessToken: string, to: string, messages: LineMessage[], retryKey?: string): Promise<LineSendResult>;
  /** The bytes of a user's image message; null when LINE no longer has it or it is larger than `maxBytes`. */
  content(accessToken: string, messageId: string, maxBytes: number): Promise<Buffer | null>;
}

/** Reply and push each carry at most 5 message objects. */
export const lineMessagesPerRequest = 5;

export function createLineClient(apiBaseUrl = 'https://api.line.me'): LineClient {
  const base = apiBaseUrl.replace(/\/$/, '');
  // LINE serves message content from another host; a stand-in serves both.
  const dataBase = base === 'https://api.line.me' ? 'https://api-data.line.me' : base;
  async function post(
    path: string,
    accessToken: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<LineSendResult> {
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      // 409 on push: LINE already accepted a request with this retry key.
      if (response.ok || response.status === 409) return { ok: true };
      return { ok: false, status: response.status, error: (await response.text().catch(() => '')).slice(0, 200) };
    } catch (error) {
      return { ok: false, status: 0, error: error instanceof Error ? error.message : String(error) };
    }
  }
  return {
    reply: (accessToken, replyToken, messages) => post('/v2/bot/message/reply', accessToken, { replyToken, messages }),
    push: (accessToken, to, messages, retryKey = randomUUID()) =>
      post('/v2/bot/message/push', accessToken, { to, messages }, { 'x-line-retry-key': retryKey }),
    async content(accessToken, messageId, maxBytes) {
      const response = await fetch(`${dataBase}/v2/bot/message/${encodeURIComponent(messageId)}/content`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) return null;
      if (Number(response.headers.get('content-length') ?? 0) > maxBytes) return null;
      const bytes = Buffer.from(await response.arrayBuffer());
      return bytes.length > maxBytes ? null : bytes;
    },
  };
}
