// Request bodies and queries of the commerce API, shared by server routes and web forms.
import { z } from 'zod';
import { offerCode } from '../offers/offer-schemas';
import { defineRoute, isoDateTime, listSchema, pageSchema } from '../http/route-schemas';

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
  expiry: z
    .string()
    .regex(/^\d{2} ?\/ ?\d{2}$/, 'MM / YY')
    .optional(),
  cvc: z
    .string()
    .regex(/^\d{3,4}$/, '3 or 4 digits')
    .optional(),
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

// ---- Answers and routes (server/http/route-schemas.ts) ----

const id = z.string().min(1).max(40);

export const orderItemSchema = z.object({
  productId: z.string(),
  title: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
});

/** The buyer's view of an order (server/commerce/order-view.ts toOrderView). */
export const orderSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  showId: z.string().nullable(),
  showTitle: z.string().nullable(),
  status: z.enum(orderStatuses),
  totalMinor: z.number().int(),
  refundedMinor: z.number().int(),
  currency: z.string(),
  paymentProvider: z.string(),
  createdAt: isoDateTime,
  paidAt: isoDateTime.nullable(),
  holdExpiresAt: isoDateTime.nullable(),
  flashSaleId: z.string().nullable(),
  buyer: z.object({ name: z.string(), email: z.string() }).optional(),
  items: z.array(orderItemSchema),
  /** A refund written down that the provider has not confirmed: the money is on its way back. */
  refundOwed: z.object({ amountMinor: z.number().int(), since: isoDateTime }).nullable(),
});

/** The brand console's view: the owed refund's bookkeeping too (toBrandOrderView). */
export const brandOrderSchema = orderSchema.extend({
  refundOwed: z
    .object({
      amountMinor: z.number().int(),
      since: isoDateTime,
      reason: z.enum(['LATE_PAYMENT', 'BRAND']),
      restock: z.boolean(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      nextTryAt: isoDateTime,
    })
    .nullable(),
});
export type OrderView = z.infer<typeof orderSchema>;
export type BrandOrderView = z.infer<typeof brandOrderSchema>;
export const restockResults = ['PRODUCT', 'FLASH_SALE', 'NOTHING'] as const;
export const refundAnswerSchema = brandOrderSchema.extend({ restocked: z.enum(restockResults).nullable() });
export type RefundAnswer = z.infer<typeof refundAnswerSchema>;

export const reservationSchema = z.object({
  orderId: z.string(),
  reservationId: z.string(),
  expiresAt: isoDateTime,
  remaining: z.number().int(),
});
export type Reservation = z.infer<typeof reservationSchema>;
export const checkoutSchema = z.object({
  provider: z.enum(['stripe', 'test']),
  publishableKey: z.string().nullable(),
  paymentIntentId: z.string(),
  clientSecret: z.string().nullable(),
  amountMinor: z.number().int(),
  currency: z.string(),
  holdExpiresAt: isoDateTime,
});
export type CheckoutSession = z.infer<typeof checkoutSchema>;
export const outboxMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: isoDateTime,
});

/** One spelling of a flash sale's state, in HTTP answers and realtime events alike. */
export const saleStatuses = ['active', 'sold_out', 'ended'] as const;
export const saleStatusSchema = z.enum(saleStatuses);
export type SaleStatus = z.infer<typeof saleStatusSchema>;

/** A show's flash sale (server/commerce/sale-stats.ts); the host's list adds the stats. */
export const saleSchema = z.object({
  saleId: z.string(),
  showProductId: z.string(),
  productId: z.string(),
  title: z.string(),
  currency: z.string(),
  regularPriceMinor: z.number().int(),
  priceMinor: z.number().int(),
  quantity: z.number().int(),
  remaining: z.number().int(),
  perBuyerLimit: z.number().int(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  status: saleStatusSchema,
  unitsSold: z.number().int().optional(),
  unitsHeld: z.number().int().optional(),
  revenueMinor: z.number().int().optional(),
});
export type SaleView = z.infer<typeof saleSchema>;

const orderParams = z.object({ orderId: id });
const brandShow = z.object({ brandId: id, showId: id });
const orderTags = ['Orders'] as const;
const saleTags = ['Flash sales'] as const;
const hostRoles = ['ADMIN', 'HOST'] as const;

export const commerceRoutes = {
  paymentsConfig: defineRoute({
    method: 'GET',
    path: '/api/payments/config',
    summary: 'Which payment provider the checkout uses, and how long a hold lasts',
    tags: orderTags,
    auth: 'public',
    response: z.object({
      provider: z.enum(['stripe', 'test']),
      publishableKey: z.string().nullable(),
      holdSeconds: z.number(),
    }),
  }),
  myOrders: defineRoute({
    method: 'GET',
    path: '/api/orders',
    summary: "The signed-in buyer's orders",
    tags: orderTags,
    auth: 'session',
    response: listSchema(orderSchema),
  }),
  myOrder: defineRoute({
    method: 'GET',
    path: '/api/orders/:orderId',
    summary: 'One of my orders',
    tags: orderTags,
    auth: 'session',
    params: orderParams,
    response: orderSchema,
  }),
  checkout: defineRoute({
    method: 'POST',
    path: '/api/orders/:orderId/checkout',
    summary: 'Start paying for a held order',
    tags: orderTags,
    auth: 'session',
    params: orderParams,
    response: checkoutSchema,
    errors: ['ORDER_NOT_PAYABLE', 'HOLD_EXPIRED', 'PAYMENT_PROVIDER_UNAVAILABLE', 'RATE_LIMITED'],
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/orders/:orderId/cancel',
    summary: 'Give a held order up (its units go back)',
    tags: orderTags,
    auth: 'session',
    params: orderParams,
    response: z.object({ orderId: z.string(), status: z.enum(orderStatuses) }),
    errors: ['RATE_LIMITED'],
  }),
  testConfirm: defineRoute({
    method: 'POST',
    path: '/api/payments/test/confirm',
    summary: 'Embedded mode: pay with a test card',
    tags: orderTags,
    auth: 'session',
    body: testCardSchema,
    response: orderSchema,
    errors: ['PAYMENT_DECLINED', 'RATE_LIMITED'],
  }),
  brandOrders: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/orders',
    summary: "A page of the brand's orders",
    tags: orderTags,
    auth: 'staff',
    roles: hostRoles,
    params: z.object({ brandId: id }),
    query: brandOrdersQuery,
    response: pageSchema(brandOrderSchema),
  }),
  refund: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/orders/:orderId/refund',
    summary: 'Refund a paid order, optionally putting its units back',
    tags: orderTags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: z.object({ brandId: id, orderId: id }),
    body: refundSchema,
    response: refundAnswerSchema,
    errors: ['CONFLICT', 'UNAVAILABLE'],
  }),
  outbox: defineRoute({
    method: 'GET',
    path: '/api/outbox',
    summary: 'Embedded mode: the mail the server would have sent me',
    tags: orderTags,
    auth: 'session',
    response: listSchema(outboxMailSchema),
  }),
  startSale: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/sales',
    summary: 'Start a flash sale on a show product',
    tags: saleTags,
    auth: 'staff',
    roles: hostRoles,
    params: brandShow,
    body: startSaleSchema,
    status: 201,
    response: saleSchema,
    errors: ['CONFLICT'],
  }),
  endSale: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/sales/:saleId/end',
    summary: 'End a flash sale now',
    tags: saleTags,
    auth: 'staff',
    roles: hostRoles,
    params: brandShow.extend({ saleId: id }),
    response: z.object({ ok: z.literal(true) }),
  }),
  hostSales: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId/sales',
    summary: "The show's flash sales with units sold, held and revenue",
    tags: saleTags,
    auth: 'staff',
    params: brandShow,
    response: listSchema(saleSchema),
  }),
  showSales: defineRoute({
    method: 'GET',
    path: '/api/shows/:showId/sales',
    summary: "A show's flash sales (no stats) and the server's clock",
    tags: saleTags,
    auth: 'public',
    params: z.object({ showId: id }),
    response: z.object({ items: z.array(saleSchema), serverTime: isoDateTime }),
  }),
  reserveSale: defineRoute({
    method: 'POST',
    path: '/api/shows/:showId/sales/:saleId/reservations',
    summary: 'Hold units of a flash sale (a pending order to pay)',
    tags: saleTags,
    auth: 'session',
    params: z.object({ showId: id, saleId: id }),
    body: reserveSchema,
    status: 201,
    response: reservationSchema,
    errors: ['SOLD_OUT', 'PURCHASE_LIMIT', 'SALE_NOT_ACTIVE', 'RATE_LIMITED'],
  }),
  reserveProduct: defineRoute({
    method: 'POST',
    path: '/api/shows/:showId/products/:showProductId/reservations',
    summary: 'Hold units of a show product at its normal price',
    tags: saleTags,
    auth: 'session',
    params: z.object({ showId: id, showProductId: id }),
    body: productReserveSchema,
    status: 201,
    response: reservationSchema,
    // A personal offer's code (server/offers/offer-rules.ts) can refuse the hold.
    errors: [
      'SOLD_OUT',
      'PURCHASE_LIMIT',
      'RATE_LIMITED',
      'OFFER_NOT_FOUND',
      'OFFER_NOT_YOURS',
      'OFFER_EXPIRED',
      'OFFER_USED_UP',
      'OFFER_NOT_APPLICABLE',
    ],
  }),
  /** A product card in a chat: the normal price, no show. */
  reserveCatalogProduct: defineRoute({
    method: 'POST',
    path: '/api/products/:productId/reservations',
    summary: 'Hold units of a product from a chat product card at its normal price',
    tags: saleTags,
    auth: 'session',
    params: z.object({ productId: id }),
    body: reserveSchema,
    status: 201,
    response: reservationSchema,
    errors: ['SOLD_OUT', 'PURCHASE_LIMIT', 'RATE_LIMITED'],
  }),
};
