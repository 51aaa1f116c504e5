// Issue 11: every string a client can put in a socket payload (texts, ids, enum values) refuses NUL and the other
// control characters, so none reaches PostgreSQL, which fails the whole statement (and used to fail a whole batch
// of everyone's chat). The table below must name every client command: a new one fails to compile until it is here.
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  blockedWordsSetSchema,
  chatConfigureSchema,
  chatDeleteSchema,
  chatSendSchema,
  clientCommandNames,
  moderationLiftSchema,
  moderationListSchema,
  moderationRestrictSchema,
  orderCancelSchema,
  pinChangeSchema,
  reactionSendSchema,
  saleReserveSchema,
  showJoinSchema,
  showLeaveSchema,
  analyticsTrackSchema,
  playbackReportSchema,
  keywordChooseSchema,
} from './contract';
import { conversationTypingInputSchema } from '../conversations/conversation-schemas';

const commands = {
  'show:join': [showJoinSchema, { showId: 'cshow1' }],
  'show:leave': [showLeaveSchema, {}],
  'chat:send': [chatSendSchema, { text: 'hello' }],
  'chat:delete': [chatDeleteSchema, { messageId: 'cmsg1' }],
  'chat:configure': [chatConfigureSchema, { slowModeSeconds: 5, chatRequiresSignIn: true }],
  'reaction:send': [reactionSendSchema, { kind: 'heart' }],
  'moderation:restrict': [moderationRestrictSchema, { userId: 'cuser1', kind: 'MUTE', minutes: 5 }],
  'moderation:lift': [moderationLiftSchema, { userId: 'cuser1', kind: 'BAN' }],
  'moderation:list': [moderationListSchema, {}],
  'moderation:set-blocked-words': [blockedWordsSetSchema, { words: ['spam', 'scam'] }],
  'pin:add': [pinChangeSchema, { showProductId: 'cpin1' }],
  'pin:remove': [pinChangeSchema, { showProductId: 'cpin1' }],
  'sale:reserve': [saleReserveSchema, { saleId: 'csale1', quantity: 1, playingAt: '2026-12-06T10:00:00.000Z' }],
  'order:cancel': [orderCancelSchema, { orderId: 'corder1' }],
  'conversation:typing': [conversationTypingInputSchema, { conversationId: 'cconv1' }],
  'analytics:track': [analyticsTrackSchema, { kind: 'card_tapped', productId: 'cprod1' }],
  'keyword:choose': [keywordChooseSchema, { showProductId: 'cprod1', quantity: 1 }],
  'playback:report': [playbackReportSchema, { playingAt: '2026-12-06T10:00:00.000Z' }],
} satisfies Record<(typeof clientCommandNames)[number], [z.ZodType, unknown]>;

// NUL, other C0 controls, tab and line breaks (no socket field is multi-line), DEL, C1 controls, a lone surrogate.
const controls = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u000B',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
  '\uD800',
];

const hasControl = /[\p{Cc}\p{Surrogate}]/u;

/** Every string in a payload, as a path and a function that returns the payload with that string replaced. */
function stringLeaves(
  value: unknown,
  replace: (next: unknown) => unknown = (next) => next,
  at = '',
): { at: string; with(text: string): unknown; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value, with: (text) => replace(text) }];
  if (Array.isArray(value))
    return value.flatMap((item, i) =>
      stringLeaves(item, (next) => replace(value.map((old, j) => (j === i ? next : old))), `${at}[${i}]`),
    );
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      stringLeaves(item, (next) => replace({ ...value, [key]: next }), `${at}.${key}`),
    );
  }
  return [];
}

describe('socket payloads refuse control characters in every string field', () => {
  it('names every client command', () => {
    expect(Object.keys(commands).sort()).toEqual([...clientCommandNames].sort());
  });

  for (const [event, [schema, sample]] of Object.entries(commands)) {
    const leaves = stringLeaves(sample);
    if (leaves.length === 0) continue;
    it(`${event}: ${leaves.map((leaf) => leaf.at).join(', ')}`, () => {
      expect(schema.safeParse(sample).success).toBe(true);
      for (const leaf of leaves) {
        for (const control of controls) {
          const name = `${event} ${leaf.at} with U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`;
          // inside the text: refused
          expect(
            schema.safeParse(leaf.with(`${leaf.text.slice(0, 2)}${control}${leaf.text.slice(2)}`)).success,
            name,
          ).toBe(false);
          // at either end: refused, or trimmed away (tab and line breaks around a message are white space)
          for (const text of [`${leaf.text}${control}`, `${control}${leaf.text}`]) {
            const parsed = schema.safeParse(leaf.with(text));
            if (parsed.success)
              expect(
                stringLeaves(parsed.data).some((out) => hasControl.test(out.text)),
                name,
              ).toBe(false);
            if (control === '\u0000') expect(parsed.success, name).toBe(false);
          }
        }
      }
    });
  }

  it('normalises chat text to NFC and refuses text nobody can see', () => {
    expect(chatSendSchema.parse({ text: ' Cafe\u0301 ' }).text).toBe('Café');
    for (const invisible of ['\u200B', '\u200B\u200D', '\u3164', ' \u2800 '])
      expect(chatSendSchema.safeParse({ text: invisible }).success).toBe(false);
    expect(blockedWordsSetSchema.parse({ words: ['SPAM'] }).words).toEqual(['spam']);
  });
});
