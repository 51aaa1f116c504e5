import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute } from '../http/route-schemas';
import { storageKeyPattern } from '../storage/file-storage';
import { isTimeZone } from './zoned-time';

// Balloons an automation sends: the kinds a conversation thread shows (text, an uploaded image, a product card),
// with the same field names as announcement steps.
export const automationBalloonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: textField({ max: 2000, required: true, multiline: true }) }),
  z.strictObject({
    type: z.literal('image'),
    imageKey: z.string().regex(storageKeyPattern, 'must be an uploaded image'),
  }),
  z.strictObject({ type: z.literal('product'), productId: entityId }),
]);
export type AutomationBalloon = z.infer<typeof automationBalloonSchema>;
/** LINE's limit for one reply, and LINE OA Manager's for one auto-response. */
export const maxBalloons = 5;
export const balloonListSchema = z
  .array(automationBalloonSchema)
  .max(maxBalloons, `use at most ${maxBalloons} balloons`);

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Tokyo');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 09:30');
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'a local date and time like 2026-12-24T09:00');

export const maxKeywordsPerRule = 50;
const keyword = textField({ max: 60, required: true, requiredMessage: 'a keyword needs visible text' });

export const ruleInputSchema = z
  .strictObject({
    name: textField({ max: 80, required: true, requiredMessage: 'name the rule' }),
    keywords: z
      .array(keyword)
      .min(1, 'add at least one keyword')
      .max(maxKeywordsPerRule, `use at most ${maxKeywordsPerRule} keywords`),
    match: z.enum(['EXACT', 'CONTAINS']).default('CONTAINS'),
    priority: z.number().int().min(0).max(1000).default(0),
    enabled: z.boolean().default(true),
    timeZone: timeZoneSchema.default('UTC'),
    activeFrom: localDateTime.nullable().default(null),
    activeUntil: localDateTime.nullable().default(null),
    dailyFrom: clock.nullable().default(null),
    dailyUntil: clock.nullable().default(null),
    balloons: balloonListSchema.min(1, 'add at least one balloon'),
  })
  .refine((rule) => !(rule.activeFrom && rule.activeUntil) || rule.activeFrom < rule.activeUntil, {
    message: 'the window must end after it starts',
    path: ['activeUntil'],
  })
  .refine((rule) => (rule.dailyFrom === null) === (rule.dailyUntil === null), {
    message: 'give both daily times or neither',
    path: ['dailyUntil'],
  });
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const openingSpanSchema = z.strictObject({ day: z.number().int().min(0).max(6), from: clock, until: clock });

export const settingsInputSchema = z
  .strictObject({
    welcomeEnabled: z.boolean(),
    welcomeBalloons: balloonListSchema,
    timeZone: timeZoneSchema,
    hours: z.array(openingSpanSchema).max(28),
    awayEnabled: z.boolean(),
    awayBalloons: balloonListSchema,
    botIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    humanKeywords: z.array(keyword).max(maxKeywordsPerRule),
  })
  .refine((settings) => !settings.welcomeEnabled || settings.welcomeBalloons.length > 0, {
    message: 'add a welcome balloon or turn the welcome off',
    path: ['welcomeBalloons'],
  })
  .refine((settings) => !settings.awayEnabled || settings.awayBalloons.length > 0, {
    message: 'add an away balloon or turn the away message off',
    path: ['awayBalloons'],
  });
export type SettingsInput = z.infer<typeof settingsInputSchema>;

export const automationParams = z.object({ brandId: entityId });
export const ruleParams = z.object({ brandId: entityId, ruleId: entityId });
export const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

const ruleFields = {
  name: z.string(),
  keywords: z.array(z.string()),
  match: z.enum(['EXACT', 'CONTAINS']),
  priority: z.number().int(),
  enabled: z.boolean(),
  timeZone: z.string(),
  activeFrom: z.string().nullable(),
  activeUntil: z.string().nullable(),
  dailyFrom: z.string().nullable(),
  dailyUntil: z.string().nullable(),
};
const balloonViewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), imageKey: z.string() }),
  z.object({ type: z.literal('product'), productId: z.string() }),
]);
export const ruleViewSchema = z.object({
  id: z.string(),
  ...ruleFields,
  balloons: z.array(balloonViewSchema),
  createdAt: z.string(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const settingsViewSchema = z.object({
  brandId: z.string(),
  welcomeEnabled: z.boolean(),
  welcomeBalloons: z.array(balloonViewSchema),
  timeZone: z.string(),
  hours: z.array(z.object({ day: z.number().int(), from: z.string(), until: z.string() })),
  awayEnabled: z.boolean(),
  awayBalloons: z.array(balloonViewSchema),
  botIdleMinutes: z.number().int(),
  humanKeywords: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const automationStatsSchema = z.object({
  days: z.number().int(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      hits: z.number().int(),
      ordersWithin24h: z.number().int(),
      keywords: z.array(z.object({ keyword: z.string(), hits: z.number().int() })),
    }),
  ),
  /** Grouped by the normalised text; `sample` is one question as a customer wrote it. */
  unmatched: z.array(
    z.object({ text: z.string(), sample: z.string(), count: z.number().int(), lastAskedAt: z.string() }),
  ),
  totals: z.object({ hits: z.number().int(), ordersWithin24h: z.number().int(), unmatched: z.number().int() }),
});
export type AutomationStats = z.infer<typeof automationStatsSchema>;

const tags = ['Automation'] as const;
const admin = ['ADMIN'] as const;

/** The automation console: brand admins only. */
export const automationRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/automation',
    summary: "The brand's chat automation settings and keyword rules",
    tags,
    auth: 'staff',
    roles: admin,
    params: automationParams,
    response: z.object({ settings: settingsViewSchema, rules: z.array(ruleViewSchema) }),
  }),
  saveSettings: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/automation/settings',
    summary: 'Save the welcome, business hours, away message and handover settings',
    tags,
    auth: 'staff',
    roles: admin,
    params: automationParams,
    body: settingsInputSchema,
    response: settingsViewSchema,
  }),
  createRule: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/automation/rules',
    summary: 'Add a keyword rule',
    tags,
    auth: 'staff',
    roles: admin,
    params: automationParams,
    body: ruleInputSchema,
    status: 201,
    response: ruleViewSchema,
    errors: ['CONFLICT'],
  }),
  updateRule: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/automation/rules/:ruleId',
    summary: 'Replace a keyword rule',
    tags,
    auth: 'staff',
    roles: admin,
    params: ruleParams,
    body: ruleInputSchema,
    response: ruleViewSchema,
  }),
  deleteRule: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/automation/rules/:ruleId',
    summary: 'Delete a keyword rule',
    tags,
    auth: 'staff',
    roles: admin,
    params: ruleParams,
    response: null,
  }),
  stats: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/automation/stats',
    summary: 'Rule hits, orders within 24 hours and unmatched questions',
    tags,
    auth: 'staff',
    roles: admin,
    params: automationParams,
    query: statsQuery,
    response: automationStatsSchema,
  }),
};
