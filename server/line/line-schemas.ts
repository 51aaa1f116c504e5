import { z } from 'zod';
import { entityId } from '../fields/text-fields';
import { defineRoute } from '../http/route-schemas';

// The part of LINE's webhook body (webhook.yml) this platform acts on; anything else in an event is ignored, and
// event types it does not handle are acknowledged and recorded only.
const lineUserId = z.string().regex(/^U[0-9a-f]{32}$/, 'a LINE user id');

const source = z.looseObject({ type: z.string().max(20), userId: lineUserId.optional() });
const base = {
  webhookEventId: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'a ULID'),
  timestamp: z.number().int().nonnegative(),
  mode: z.enum(['active', 'standby']),
  source: source.optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
};

export const lineEventSchema = z.union([
  z.looseObject({
    ...base,
    type: z.literal('message'),
    replyToken: z.string().min(1).max(200).optional(),
    message: z.looseObject({
      id: z.string().max(40),
      type: z.string().max(20),
      text: z.string().max(10_000).optional(),
    }),
  }),
  z.looseObject({ ...base, type: z.literal('follow'), replyToken: z.string().min(1).max(200).optional() }),
  z.looseObject({ ...base, type: z.literal('unfollow') }),
  // A tap on a postback action (a quick reply under a bot message): `data` is what the platform put there.
  z.looseObject({
    ...base,
    type: z.literal('postback'),
    replyToken: z.string().min(1).max(200).optional(),
    postback: z.looseObject({ data: z.string().max(300) }),
  }),
  z.looseObject({ ...base, type: z.string().max(40) }),
]);
export type LineEvent = z.infer<typeof lineEventSchema>;

export const lineWebhookBodySchema = z.looseObject({
  destination: z.string().max(64).optional(),
  events: z.array(lineEventSchema).max(100),
});

export const lineAccountInputSchema = z.strictObject({
  channelSecret: z
    .string()
    .regex(
      /^[0-9a-f]{32}$/,
      'the channel secret is 32 hexadecimal characters (LINE Developers console, Basic settings)',
    ),
  channelAccessToken: z.string().regex(/^[A-Za-z0-9+/=._-]{20,400}$/, 'paste the long-lived channel access token'),
  enabled: z.boolean().default(true),
});
export type LineAccountInput = z.infer<typeof lineAccountInputSchema>;

export const lineBrandParams = z.object({ brandId: entityId });

export const lineAccountViewSchema = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  /** What to paste as the Webhook URL in the LINE Developers console. */
  webhookUrl: z.string(),
});
export type LineAccountView = z.infer<typeof lineAccountViewSchema>;

const tags = ['LINE'] as const;
const admin = ['ADMIN'] as const;

export const lineRoutes = {
  /**
   * LINE's webhook. The body is read raw: the X-Line-Signature (HMAC-SHA256 of the raw body with the channel secret)
   * is checked before it is parsed or anything is stored; the body schema below is what is parsed after that.
   */
  webhook: defineRoute({
    method: 'POST',
    path: '/api/line/webhook/:brandId',
    summary: "LINE's webhook for a brand's official account (X-Line-Signature checked on the raw body first)",
    tags,
    auth: 'signed',
    csrfExempt: true,
    params: lineBrandParams,
    body: lineWebhookBodySchema,
    response: z.object({ received: z.number().int(), fresh: z.number().int() }),
    errors: ['WEBHOOK_SIGNATURE_INVALID'],
  }),
  account: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/line',
    summary: "The brand's LINE account (secrets never sent back)",
    tags,
    auth: 'staff',
    roles: admin,
    params: lineBrandParams,
    response: lineAccountViewSchema,
  }),
  save: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/line',
    summary: 'Connect or update the LINE official account',
    tags,
    auth: 'staff',
    roles: admin,
    params: lineBrandParams,
    body: lineAccountInputSchema,
    response: lineAccountViewSchema,
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/line',
    summary: 'Disconnect the LINE account',
    tags,
    auth: 'staff',
    roles: admin,
    params: lineBrandParams,
    response: lineAccountViewSchema,
  }),
};
