import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { invalidTokens, tokenNames } from './personalization-tokens';
import { entityId, textField } from '../fields/text-fields';

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
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#ffffff'),
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
  z.strictObject({ type: z.literal('video'), url: z.url({ protocol: /^https$/, message: 'a video URL must start with https://' }).max(2000), posterKey: z.string().regex(storageKeyPattern).optional() }),
  z.strictObject({ type: z.literal('product'), productId: entityId, label: textField({ max: 40, required: true }).default('Buy now') }),
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
export type RenderedBalloon =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; alt: string }
  | { type: 'video'; url: string; posterUrl: string | null }
  | { type: 'product'; productId: string; title: string; priceMinor: number; currency: string; imageUrl: string | null; url: string; label: string; category: string }
  | { type: 'button'; label: string; url: string };

export interface RenderedMessage {
  title: string;
  showUrl: string;
  balloons: RenderedBalloon[];
}

export const renderedMessageSchema = z.object({
  title: z.string(),
  showUrl: z.string(),
  balloons: z.array(z.looseObject({ type: z.string() })),
});
