// Request bodies and queries of the commerce API, shared by server routes and web forms.
import { z } from 'zod';
import { offerCode } from '../offers/offer-schemas';

export const startSaleSchema = z.object({
  showProductId: z.string().min(1).max(40),
  priceMinor: z.number().int().min(50).max(10_000_000),
  quantity: z.number().int().min(1).max(100_000),
  durationSeconds: z.number().int().min(10).max(300),
  perBuyerLimit: z.number().int().min(1).max(100).default(1),
});
export type StartSaleInput = z.infer<typeof startSaleSchema>;

export const reserveSchema = z.object({ quantity: z.number().int().min(1).max(10).default(1) });
/** Normal-price buying may name a personal offer's code (server/offers); the price is always the server's. */
export const productReserveSchema = reserveSchema.extend({ offerCode: offerCode.optional() });

export const testCardSchema = z.object({
  paymentIntentId: z.string().min(1).max(80),
  cardNumber: z.string().regex(/^[\d ]{12,23}$/, 'enter a card number'),
  expiry: z.string().regex(/^\d{2} ?\/ ?\d{2}$/, 'MM / YY').optional(),
  cvc: z.string().regex(/^\d{3,4}$/, '3 or 4 digits').optional(),
});

export const orderStatuses = ['PENDING', 'PAID', 'FAILED', 'CANCELED', 'EXPIRED', 'REFUNDED'] as const;

export const brandOrdersQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  showId: z.string().min(1).max(40).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type BrandOrdersQuery = z.infer<typeof brandOrdersQuery>;

export const refundSchema = z.object({ restock: z.boolean().default(false) });
