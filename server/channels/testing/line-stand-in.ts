// A local stand-in for the LINE Messaging API's reply and push endpoints, strict where LINE is: a reply token works
// once and only for `replyTokenLifetimeMs`, 1-5 messages per request, https JPEG/PNG media, text of at most 5,000
// UTF-16 units without a lone surrogate; rich menus as line-rich-menu-stand-in.ts says. It also signs webhook bodies
// the way the LINE Platform does.
import { createHmac, randomUUID } from 'node:crypto';
import { startHttpStandIn } from './http-stand-in';
import { richMenuStandIn } from './line-rich-menu-stand-in';

export interface LineStandInMessage {
  via: 'reply' | 'push';
  to: string | null;
  replyToken: string | null;
  messages: Record<string, unknown>[];
}

const mediaOk = (url: unknown) =>
  typeof url === 'string' && url.startsWith('https://') && /\.(jpe?g|png)$/i.test(new URL(url).pathname);

/** LINE's quick reply: 1-13 action items; a postback's label 1-20 characters, data 1-300, displayText 1-300. */
function quickReplyProblem(quickReply: unknown): string | null {
  const items = (quickReply as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 13) return 'quickReply.items must have 1-13 items';
  for (const item of items as { type?: string; action?: Record<string, unknown> }[]) {
    const action = item.action ?? {};
    if (item.type !== 'action') return 'a quick reply item is an action';
    const label = String(action.label ?? '');
    if (!label || label.length > 20) return 'a quick reply label is 1-20 characters';
    if (action.type === 'postback') {
      const data = String(action.data ?? '');
      if (!data || data.length > 300) return 'postback data is 1-300 characters';
      if (action.displayText !== undefined && (!String(action.displayText) || String(action.displayText).length > 300))
        return 'displayText is 1-300 characters';
    }
  }
  return null;
}

function problem(messages: unknown): string | null {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) return 'messages must have 1-5 items';
  for (const message of messages as Record<string, unknown>[]) {
    if (message.quickReply !== undefined) {
      const bad = quickReplyProblem(message.quickReply);
      if (bad) return bad;
    }
    if (message.type === 'text') {
      const text = String(message.text ?? '');
      if (!text || text.length > 5000) return 'text must be 1-5000 characters';
      if (/\p{Surrogate}/u.test(text)) return 'text has a broken character';
    }
    if (message.type === 'image' && !(mediaOk(message.originalContentUrl) && mediaOk(message.previewImageUrl)))
      return 'image URLs must be https JPEG or PNG';
    if (
      message.type === 'video' &&
      !(String(message.originalContentUrl).startsWith('https://') && mediaOk(message.previewImageUrl))
    )
      return 'video needs https and an image preview';
  }
  return null;
}

export async function startLineStandIn(options: { replyTokenLifetimeMs?: number } = {}) {
  const lifetime = options.replyTokenLifetimeMs ?? 30_000;
  const issued = new Map<string, number>();
  const delivered: LineStandInMessage[] = [];
  const contents = new Map<string, { bytes: Buffer; type: string }>();
  const richMenus = richMenuStandIn();
  const server = await startHttpStandIn((request) => {
    if (!String(request.headers.authorization).startsWith('Bearer '))
      return { status: 401, body: { message: 'Authentication failed' } };
    // The content of a message a user sent (an image), as api-data.line.me serves it.
    const content = /^\/v2\/bot\/message\/([^/]+)\/content$/.exec(request.path);
    if (request.method === 'GET' && content) {
      const stored = contents.get(content[1]!);
      return stored
        ? { status: 200, raw: stored.bytes, contentType: stored.type }
        : { status: 404, body: { message: 'Not found' } };
    }
    const richMenuAnswer = richMenus.answer(request);
    if (richMenuAnswer) return richMenuAnswer;
    const body = JSON.parse(request.body.toString() || '{}') as {
      replyToken?: string;
      to?: string;
      messages?: unknown;
    };
    const bad = problem(body.messages);
    if (bad) return { status: 400, body: { message: bad } };
    if (request.path === '/v2/bot/message/reply') {
      const at = body.replyToken ? issued.get(body.replyToken) : undefined;
      if (at === undefined || Date.now() - at > lifetime)
        return { status: 400, body: { message: 'Invalid reply token' } };
      issued.delete(body.replyToken!);
      delivered.push({
        via: 'reply',
        to: null,
        replyToken: body.replyToken!,
        messages: body.messages as Record<string, unknown>[],
      });
      return { status: 200, body: {} };
    }
    if (request.path === '/v2/bot/message/push') {
      if (!/^[0-9a-f-]{36}$/.test(String(request.headers['x-line-retry-key'] ?? '')))
        return { status: 400, body: { message: 'X-Line-Retry-Key must be a UUID' } };
      delivered.push({
        via: 'push',
        to: body.to ?? null,
        replyToken: null,
        messages: body.messages as Record<string, unknown>[],
      });
      return { status: 200, body: {} };
    }
    return { status: 404, body: { message: 'Not found' } };
  });
  return {
    baseUrl: server.baseUrl,
    requests: server.requests,
    delivered,
    /** What LINE serves as the content of a user's message (an image she sent). */
    addContent(messageId: string, bytes: Buffer, type = 'image/jpeg'): void {
      contents.set(messageId, { bytes, type });
    },
    /** Rich menus, their images, aliases, the default and each user's link, as LINE would hold them. */
    richMenus: richMenus.state,
    /** A reply token as LINE issues one with an event. */
    issueReplyToken(): string {
      const token = randomUUID().replaceAll('-', '');
      issued.set(token, Date.now());
      return token;
    },
    close: server.close,
  };
}

/** The body and X-Line-Signature of a webhook request as the LINE Platform sends it. */
export function signedWebhook(
  channelSecret: string,
  events: unknown[],
  destination = 'Udeadbeefdeadbeefdeadbeefdeadbeef',
): { body: string; signature: string } {
  const body = JSON.stringify({ destination, events });
  return { body, signature: createHmac('sha256', channelSecret).update(body).digest('base64') };
}

let eventCounter = 0;
/** A webhook event id in LINE's form (a ULID: 26 characters of Crockford base32). */
export function webhookEventId(): string {
  eventCounter += 1;
  return `01J${Date.now().toString(32).toUpperCase().padStart(11, '0')}${String(eventCounter).padStart(12, '0')}`.slice(
    0,
    26,
  );
}
