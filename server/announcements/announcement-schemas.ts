import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { invalidTokens, tokenNames } from './personalization-tokens';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema, pageSchema } from '../http/route-schemas';

const webUrl = z.url({ protocol: /^https?$/ }).max(2000);
const tokenText = (max: number) =>
  textField({ max, required: true, multiline: true }).superRefine((text, ctx) => {
    const bad = invalidTokens(text);
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown token ${bad[0]} (use ${tokenNames.join(', ')})` });
  });

export const imageOverlaySchema = z.strictObject({
  text: tokenText(120),
  /** Position of the text's centre as fractions of the image size. */
  x: z.number().min(0).max(1).default(0.5),
  y: z.number().min(0).max(1).default(0.85),
  fontSize: z.number().int().min(8).max(200).default(48),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#ffffff'),
});

export const balloonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: tokenText(2000) }),
  z.strictObject({
    type: z.literal('image'),
    imageKey: z.string().regex(storageKeyPattern, 'must be an uploaded image'),
    alt: textField({ max: 200 }).default(''),
    overlay: imageOverlaySchema.optional(),
  }),
  // LINE plays only https videos (and an app on https cannot embed http ones): http is refused here, at input.
  z.strictObject({
    type: z.literal('video'),
    url: z.url({ protocol: /^https$/, message: 'a video URL must start with https://' }).max(2000),
    posterKey: z.string().regex(storageKeyPattern).optional(),
  }),
  z.strictObject({
    type: z.literal('product'),
    productId: entityId,
    label: textField({ max: 40, required: true }).default('Buy now'),
  }),
  z.strictObject({ type: z.literal('button'), label: tokenText(60), url: webUrl }),
]);
export type Balloon = z.infer<typeof balloonSchema>;
export const balloonsSchema = z.array(balloonSchema).min(1).max(3);

const maxOffsetMinutes = 60 * 24 * 30;

export const stepInputSchema = z
  .strictObject({
    trigger: z.enum(['BEFORE_START', 'LIVE_NOW']),
    /** Minutes before the scheduled start (BEFORE_START only): 4320 = 3 days, 60 = 1 hour. */
    offsetMinutes: z.number().int().min(0).max(maxOffsetMinutes).default(0),
    segmentId: entityId.nullable().default(null),
    balloons: balloonsSchema,
  })
  .refine((step) => step.trigger === 'LIVE_NOW' || step.offsetMinutes > 0, {
    message: 'a countdown step needs minutes before the start',
    path: ['offsetMinutes'],
  });
export type StepInput = z.infer<typeof stepInputSchema>;

/** What a follower receives, per balloon, after tokens and links are resolved. Stored in AnnouncementDelivery.rendered. */
export const renderedBalloonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string(), alt: z.string() }),
  z.object({ type: z.literal('video'), url: z.string(), posterUrl: z.string().nullable() }),
  z.object({
    type: z.literal('product'),
    productId: z.string(),
    title: z.string(),
    priceMinor: z.number().int(),
    currency: z.string(),
    imageUrl: z.string().nullable(),
    url: z.string(),
    label: z.string(),
    category: z.string(),
  }),
  z.object({ type: z.literal('button'), label: z.string(), url: z.string() }),
]);
export type RenderedBalloon = z.infer<typeof renderedBalloonSchema>;
export const renderedMessageViewSchema = z.object({
  title: z.string(),
  showUrl: z.string(),
  balloons: z.array(renderedBalloonSchema),
});
export type RenderedMessage = z.infer<typeof renderedMessageViewSchema>;

export const renderedMessageSchema = z.object({
  title: z.string(),
  showUrl: z.string(),
  balloons: z.array(z.looseObject({ type: z.string() })),
});

// ---- Answers and routes (server/http/route-schemas.ts) ----

const counts = {
  queued: z.number(),
  sent: z.number(),
  delivered: z.number(),
  opened: z.number(),
  failed: z.number(),
  skipped: z.number(),
};
export const stepTotalsSchema = z.object({ ...counts, clicked: z.number(), etaSeconds: z.number().nullable() });
export const stepReportSchema = z.object({
  stepId: z.string(),
  status: z.string(),
  totals: stepTotalsSchema,
  channels: z.record(
    z.string(),
    z.object({ ...counts, perSecond: z.number().nullable(), etaSeconds: z.number().nullable() }),
  ),
  balloons: z.array(z.object({ index: z.number().int(), clicked: z.number(), uniqueClickers: z.number() })),
  showLinkClicks: z.number(),
});
export type StepReport = z.infer<typeof stepReportSchema>;

export const announcementStatuses = ['PENDING', 'SENDING', 'SENT', 'CANCELLED'] as const;
/** A step as the console edits it (balloons as saved: the step's input shape). */
export const stepSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  showId: z.string(),
  segmentId: z.string().nullable(),
  trigger: z.enum(['BEFORE_START', 'LIVE_NOW']),
  offsetMinutes: z.number().int(),
  sendAt: isoDateTime.nullable(),
  balloons: z.array(z.looseObject({ type: z.string() })),
  status: z.enum(announcementStatuses),
  createdAt: isoDateTime,
});
export const stepListItemSchema = stepSchema.extend({
  segment: z.object({ id: z.string(), name: z.string() }).nullable(),
  report: stepTotalsSchema,
});
export type AnnouncementStep = z.infer<typeof stepListItemSchema>;

export const inboxItemSchema = z.object({
  id: z.string(),
  message: renderedMessageViewSchema,
  sentAt: isoDateTime,
  read: z.boolean(),
  /** null for a personal notice (an offer, an appointment reminder): it belongs to no show. */
  showId: z.string().nullable(),
  brandName: z.string(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

const showParams = z.object({ brandId: entityId, showId: entityId });
const stepParams = z.object({ brandId: entityId, stepId: entityId });
const previewQuery = z.object({ followerId: entityId.optional() });
const imageIndex = z.coerce.number().int().min(0).max(2);
const signed = z.object({ s: z.string().min(10).max(60) });
const tags = ['Announcements'] as const;
const inbox = ['Inbox'] as const;
const links = ['Tracking links'] as const;
const admin = ['ADMIN'] as const;

export const announcementRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId/announcements',
    summary: "The show's announcement steps with their delivery totals",
    tags,
    auth: 'staff',
    params: showParams,
    response: listSchema(stepListItemSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/announcements',
    summary: 'Add a step',
    tags,
    auth: 'staff',
    roles: admin,
    params: showParams,
    body: stepInputSchema,
    status: 201,
    response: stepSchema,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/announcements/:stepId',
    summary: 'One step',
    tags,
    auth: 'staff',
    params: stepParams,
    response: stepSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/announcements/:stepId',
    summary: 'Replace a pending step',
    tags,
    auth: 'staff',
    roles: admin,
    params: stepParams,
    body: stepInputSchema,
    response: stepSchema,
    errors: ['CONFLICT'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/announcements/:stepId',
    summary: 'Delete a pending step',
    tags,
    auth: 'staff',
    roles: admin,
    params: stepParams,
    response: null,
    errors: ['CONFLICT'],
  }),
  preview: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/announcements/:stepId/preview',
    summary: 'The step as a follower (or an anonymous one) would receive it',
    tags,
    auth: 'staff',
    params: stepParams,
    query: previewQuery,
    response: renderedMessageViewSchema,
  }),
  previewImage: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/announcements/:stepId/preview-images/:index',
    summary: "A preview's personalized image",
    tags,
    auth: 'staff',
    params: stepParams.extend({ index: imageIndex }),
    query: previewQuery,
    response: { contentType: 'image/jpeg', description: 'The JPEG image.' },
  }),
  report: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/announcements/:stepId/report',
    summary: "A step's delivery report per channel and balloon",
    tags,
    auth: 'staff',
    params: stepParams,
    response: stepReportSchema,
  }),
  inbox: defineRoute({
    method: 'GET',
    path: '/api/me/inbox',
    summary: 'A page of my in-app messages, newest first',
    tags: inbox,
    auth: 'session',
    query: z.object({ cursor: entityId.optional() }),
    response: pageSchema(inboxItemSchema),
  }),
  unreadCount: defineRoute({
    method: 'GET',
    path: '/api/me/inbox/unread-count',
    summary: 'How many in-app messages I have not read',
    tags: inbox,
    auth: 'session',
    response: z.object({ count: z.number().int() }),
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/me/inbox/:deliveryId/read',
    summary: 'Mark a message read',
    tags: inbox,
    auth: 'session',
    params: z.object({ deliveryId: entityId }),
    response: null,
  }),
  markAllRead: defineRoute({
    method: 'POST',
    path: '/api/me/inbox/read-all',
    summary: 'Mark every message read',
    tags: inbox,
    auth: 'session',
    response: null,
  }),
  click: defineRoute({
    method: 'POST',
    path: '/api/me/inbox/:deliveryId/click',
    summary: "Record a click on a message's balloon; answers where it leads",
    tags: inbox,
    auth: 'session',
    params: z.object({ deliveryId: entityId }),
    body: z.strictObject({ balloonIndex: z.number().int().min(0).max(99) }),
    response: z.object({ url: z.string() }),
  }),
  events: defineRoute({
    method: 'GET',
    path: '/api/me/inbox/events',
    summary: 'Server-sent events: `changed` when my inbox changes',
    tags: inbox,
    auth: 'session',
    response: { contentType: 'text/event-stream', description: 'An event stream; only `event: changed` is sent.' },
    errors: ['RATE_LIMITED'],
  }),
  deliveryImage: defineRoute({
    method: 'GET',
    path: '/api/announcements/images/:deliveryId/:index',
    summary: "A delivered message's personalized image",
    tags: links,
    auth: 'public',
    params: z.object({ deliveryId: z.string().min(1).max(60), index: imageIndex }),
    response: { contentType: 'image/jpeg', description: 'The JPEG image.' },
  }),
  open: defineRoute({
    method: 'GET',
    path: '/api/t/o/:deliveryId',
    summary: 'Open-tracking pixel (signed link)',
    tags: links,
    auth: 'signed',
    params: z.object({ deliveryId: entityId }),
    query: signed,
    response: { contentType: 'image/gif', description: 'A 1x1 GIF.' },
  }),
  clickLink: defineRoute({
    method: 'GET',
    path: '/api/t/c/:deliveryId/:index',
    summary: 'Click-tracking link (signed): records the click and redirects',
    tags: links,
    auth: 'signed',
    params: z.object({ deliveryId: entityId, index: z.coerce.number().int().min(0).max(99) }),
    query: signed,
    status: 302,
    response: { contentType: null, description: "Redirect to the balloon's target." },
  }),
  unsubscribePage: defineRoute({
    method: 'GET',
    path: '/api/t/unsubscribe/:deliveryId',
    summary: 'Unsubscribe link (signed) from a message',
    tags: links,
    auth: 'signed',
    params: z.object({ deliveryId: entityId }),
    query: signed,
    response: { contentType: 'text/html', description: 'A short page saying the channel is off.' },
  }),
  unsubscribeOneClick: defineRoute({
    method: 'POST',
    path: '/api/t/unsubscribe/:deliveryId',
    summary: 'RFC 8058 one-click unsubscribe (signed link, form body ignored)',
    tags: links,
    auth: 'signed',
    csrfExempt: true,
    params: z.object({ deliveryId: entityId }),
    query: signed,
    body: 'form',
    response: null,
  }),
};
