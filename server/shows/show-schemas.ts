import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { entityId, textField } from '../fields/text-fields';

const isoDate = z.iso.datetime({ offset: true, message: 'use an ISO date and time' }).transform((value) => new Date(value));

const showFields = z.object({
  title: textField({ max: 120, required: true, requiredMessage: 'enter a title' }),
  description: textField({ max: 5000, multiline: true }),
  scheduledStartAt: isoDate,
  hostId: entityId.nullable(),
  coverImageKey: z.string().regex(storageKeyPattern, 'unknown image').nullable(),
  chatRequiresSignIn: z.boolean(),
});

export const showCreateSchema = showFields.extend({
  description: showFields.shape.description.default(''),
  hostId: showFields.shape.hostId.optional(),
  coverImageKey: showFields.shape.coverImageKey.optional(),
  chatRequiresSignIn: showFields.shape.chatRequiresSignIn.default(true),
});
export type ShowCreateInput = z.infer<typeof showCreateSchema>;

export const showPatchSchema = showFields.partial().strict();
export type ShowPatchInput = z.infer<typeof showPatchSchema>;

export const showListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: entityId.optional(),
});

const money = z.number().int('use whole minor units').min(0).max(100_000_000);

const showProductFields = z.object({
  position: z.number().int().min(0).max(1000),
  flashPriceMinor: money.nullable(),
  flashQuantity: z.number().int().min(1).max(1_000_000).nullable(),
  flashStartsAt: isoDate.nullable(),
  flashEndsAt: isoDate.nullable(),
  perBuyerLimit: z.number().int().min(1).max(100).nullable(),
});

const windowIsOrdered = (value: { flashStartsAt?: Date | null; flashEndsAt?: Date | null }) =>
  !value.flashStartsAt || !value.flashEndsAt || value.flashStartsAt < value.flashEndsAt;
const windowMessage = { message: 'the sale must end after it starts', path: ['flashEndsAt'] };

export const showProductCreateSchema = showProductFields
  .partial()
  .extend({ productId: entityId })
  .strict()
  .refine(windowIsOrdered, windowMessage);
export const showProductPatchSchema = showProductFields.partial().strict().refine(windowIsOrdered, windowMessage);
export type ShowProductPatchInput = z.infer<typeof showProductPatchSchema>;
