// Requests and answers of the audience API (follow a brand, push, the brand's followers and tags). zod only.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema, pageSchema } from '../http/route-schemas';

export const followPreferencesSchema = z.strictObject({
  optOutEmail: z.boolean().optional(),
  optOutPush: z.boolean().optional(),
  optOutLine: z.boolean().optional(),
});
export type FollowPreferences = z.infer<typeof followPreferencesSchema>;

export const pushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https$/, message: 'a push endpoint must be an https URL' }).max(1000),
  keys: z.strictObject({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});

export const followerListQuerySchema = z.object({
  q: textField({ max: 100 }).optional(),
  tagId: entityId.optional(),
  segmentId: entityId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Keyset cursor: the last follower id of the previous page (ordered by createdAt desc, id desc). */
  cursor: entityId.optional(),
});
export type FollowerListQuery = z.infer<typeof followerListQuerySchema>;

export const tagNameSchema = textField({ max: 60, required: true }).transform((name) => name.toLowerCase());
export const tagKinds = ['MANUAL', 'INTEREST'] as const;
export const tagCreateSchema = z.strictObject({ name: tagNameSchema, kind: z.enum(tagKinds).default('MANUAL') });
export const bulkTagSchema = z.strictObject({
  followerIds: z.array(entityId).min(1).max(5000),
  tagIds: z.array(entityId).min(1).max(20),
  action: z.enum(['add', 'remove']),
});
export const noteSchema = z.strictObject({ note: textField({ max: 2000, multiline: true }) });

// ---- Answers and routes (server/http/route-schemas.ts) ----

export const followStatusSchema = z.object({
  following: z.boolean(),
  preferences: z.object({ optOutEmail: z.boolean(), optOutPush: z.boolean(), optOutLine: z.boolean() }).nullable(),
});
export type FollowStatus = z.infer<typeof followStatusSchema>;

export const followerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  externalId: z.string().nullable(),
  hasAccount: z.boolean(),
  note: z.string(),
  optOut: z.object({ email: z.boolean(), push: z.boolean(), line: z.boolean() }),
  createdAt: isoDateTime,
  tags: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(tagKinds) })),
});
export type Follower = z.infer<typeof followerSchema>;

export const tagSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  kind: z.enum(tagKinds),
  createdAt: isoDateTime,
});
export const tagWithCountSchema = tagSchema.extend({ followers: z.number().int() });
export type Tag = z.infer<typeof tagWithCountSchema>;

const brandParams = z.object({ brandId: entityId });
const followerParams = brandParams.extend({ followerId: entityId });
const follow = ['Following'] as const;
const audience = ['Audience'] as const;

const importCount = z.number().int();
/** One line of the CSV import's NDJSON answer: a `progress` line per batch, then one `done` line. */
export const importLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    rows: importCount,
    created: importCount,
    updated: importCount,
    failed: importCount,
    bytes: importCount,
  }),
  z.object({
    type: z.literal('done'),
    // A fatal stop before any batch sends only `fatal`.
    rows: importCount.default(0),
    created: importCount.default(0),
    updated: importCount.default(0),
    failed: importCount.default(0),
    bytes: importCount.default(0),
    /** Every refused row with its reason (the first few thousand; `failed` counts them all). */
    errors: z.array(z.object({ line: z.number().int(), reason: z.string() })).default([]),
    /** A problem with the file as a whole (no usable header, broken quoting), or the import stopping. */
    fatal: z.string().nullable().default(null),
  }),
]);
export type ImportLine = z.output<typeof importLineSchema>;

export const audienceRoutes = {
  followStatus: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/follow',
    summary: 'Whether I follow the brand, and my channel preferences',
    tags: follow,
    auth: 'optional',
    params: brandParams,
    response: followStatusSchema,
  }),
  follow: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/follow',
    summary: 'Follow the brand',
    tags: follow,
    auth: 'session',
    params: brandParams,
    response: followStatusSchema,
  }),
  unfollow: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/follow',
    summary: 'Stop following the brand',
    tags: follow,
    auth: 'session',
    params: brandParams,
    response: followStatusSchema,
  }),
  preferences: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/follow',
    summary: 'Opt in or out of a channel',
    tags: follow,
    auth: 'session',
    params: brandParams,
    body: followPreferencesSchema,
    response: followStatusSchema,
  }),
  pushConfig: defineRoute({
    method: 'GET',
    path: '/api/push/config',
    summary: 'The VAPID key for web push (null: push is off)',
    tags: follow,
    auth: 'public',
    response: z.object({ vapidPublicKey: z.string().nullable() }),
  }),
  pushSubscription: defineRoute({
    method: 'POST',
    path: '/api/me/push-subscriptions',
    summary: "Save this browser's push subscription for the brands I follow",
    tags: follow,
    auth: 'session',
    body: pushSubscriptionSchema,
    response: z.object({ brands: z.number().int() }),
  }),
  followers: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/followers',
    summary: "A page of the brand's followers, searchable and filterable",
    tags: audience,
    auth: 'staff',
    params: brandParams,
    query: followerListQuerySchema,
    response: pageSchema(followerSchema),
  }),
  follower: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/followers/:followerId',
    summary: 'One follower',
    tags: audience,
    auth: 'staff',
    params: followerParams,
    response: followerSchema,
  }),
  note: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/followers/:followerId/note',
    summary: "Set the brand's note on a follower",
    tags: audience,
    auth: 'staff',
    roles: ['ADMIN'],
    params: followerParams,
    body: noteSchema,
    response: followerSchema,
  }),
  bulkTag: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/followers/tags',
    summary: 'Add and remove tags on many followers',
    tags: audience,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: bulkTagSchema,
    response: z.object({ changed: z.number().int() }),
  }),
  tags: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/tags',
    summary: "The brand's tags with their follower counts",
    tags: audience,
    auth: 'staff',
    params: brandParams,
    response: listSchema(tagWithCountSchema),
  }),
  createTag: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/tags',
    summary: 'Create a tag',
    tags: audience,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: tagCreateSchema,
    status: 201,
    response: tagSchema,
    errors: ['CONFLICT'],
  }),
  deleteTag: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/tags/:tagId',
    summary: 'Delete a tag',
    tags: audience,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams.extend({ tagId: entityId }),
    response: null,
    errors: ['CONFLICT'],
  }),
  importCsv: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/followers/import',
    summary: 'Import followers from CSV (text/csv body)',
    tags: audience,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: 'form',
    response: {
      contentType: 'application/x-ndjson',
      description: 'One {"type":"progress"} line per batch, then {"type":"done"} with every refused row.',
    },
    errors: ['UNSUPPORTED_MEDIA_TYPE'],
  }),
};
