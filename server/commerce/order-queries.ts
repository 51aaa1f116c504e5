// What the order routes read: a buyer's own orders, a brand's orders (filtered, paged) and the embedded outbox.
import type { Prisma } from '../../prisma/generated/client';
import { pageArgs, toPage } from '../database/pagination';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { BrandOrdersQuery } from './commerce-schemas';
import { buyerRefundSelect, toBrandOrderView, toOrderView } from './order-view';

const orderInclude = {
  items: true,
  reservation: true,
  show: { select: { title: true } },
  refund: { select: buyerRefundSelect },
} as const;
// The brand sees who bought and the whole owed refund (attempts, last provider error); buyers never do.
const brandOrderInclude = {
  items: true,
  reservation: true,
  show: { select: { title: true } },
  refund: true,
  buyer: { select: { name: true, email: true } },
} as const;

/** Another buyer's order answers 404, as a missing one does. */
export async function getBuyerOrder(db: Database, buyerId: string, orderId: string) {
  const order = await db.order.findFirst({ where: { id: orderId, buyerId }, include: orderInclude });
  if (!order) throw notFound('order');
  return toOrderView(order);
}

export async function listBuyerOrders(db: Database, buyerId: string) {
  const orders = await db.order.findMany({
    where: { buyerId },
    include: orderInclude,
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return orders.map(toOrderView);
}

/** The buyer's order paid by this payment intent (test payments' confirm form). */
export async function getBuyerOrderIdByPayment(
  db: Database,
  buyerId: string,
  paymentIntentId: string,
): Promise<string> {
  const order = await db.order.findFirst({ where: { paymentIntentId, buyerId }, select: { id: true } });
  if (!order) throw notFound('payment');
  return order.id;
}

export async function listBrandOrders(db: Database, brandId: string, query: BrandOrdersQuery) {
  const where: Prisma.OrderWhereInput = {
    brandId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.showId ? { showId: query.showId } : {}),
    ...(query.q
      ? {
          OR: [
            { id: query.q },
            { buyer: { email: { contains: query.q, mode: 'insensitive' } } },
            { items: { some: { title: { contains: query.q, mode: 'insensitive' } } } },
          ],
        }
      : {}),
  };
  const rows = await db.order.findMany({
    where,
    include: brandOrderInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(query),
  });
  const page = toPage(rows, query.limit);
  return { items: page.items.map(toBrandOrderView), nextCursor: page.nextCursor };
}

export async function getBrandOrder(db: Database, orderId: string) {
  return toBrandOrderView(await db.order.findUniqueOrThrow({ where: { id: orderId }, include: brandOrderInclude }));
}

/** Embedded mode: mail lands in MailOutbox; each signed-in person reads what was sent to them. */
export async function listOutbox(db: Database, email: string) {
  const items = await db.mailOutbox.findMany({ where: { to: email }, orderBy: { createdAt: 'desc' }, take: 100 });
  return items.map((mail) => ({
    id: mail.id,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    createdAt: mail.createdAt.toISOString(),
  }));
}
