// Issue 14, item 5: one customer timeline beside the thread, from one SQL query on real PostgreSQL: every kind of
// event, newest first, paged by cursor without gaps or repeats, and only the brand's (never another brand's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import type { Database } from '../database/prisma-client';
import { newStreamKey } from '../shows/stream-keys';
import type { ConversationSummary, TimelineEvent, timelinePageSchema } from './conversation-schemas';

type TimelinePage = ReturnType<typeof timelinePageSchema.parse>;

let t: TestApplication;
let rival: Awaited<ReturnType<typeof createSecondBrand>>;
let customer: TestClient;
let advisor: TestClient;
let rivalAdmin: TestClient;
let conversationId: string;
let rivalConversationId: string;
const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day);

/** One event of each kind (but the conversation's) for her in `brandId`, `days` back and on. */
async function eventsFor(db: Database, brandId: string, userId: string, start: number, tag: string) {
  const follower = await db.follower.upsert({
    where: { brandId_userId: { brandId, userId } },
    create: { brandId, userId, name: 'Tina Timeline' },
    update: {},
  });
  const product = await db.product.create({ data: { brandId, title: `${tag} scarf`, priceMinor: 9000, stock: 9 } });
  const show = await db.show.create({
    data: { brandId, title: `${tag} spring show`, scheduledStartAt: ago(start), streamKeyHash: newStreamKey().hash },
  });
  const order = (paidAt: Date) =>
    db.order.create({
      data: {
        brandId,
        buyerId: userId,
        showId: show.id,
        status: 'PAID',
        totalMinor: 9000,
        currency: 'EUR',
        paymentProvider: 'test',
        paidAt,
        items: { create: { productId: product.id, title: product.title, quantity: 1, unitPriceMinor: 9000 } },
      },
    });
  const paid = await order(ago(start + 0.1));
  const refunded = await order(ago(start + 0.2));
  await db.order.update({ where: { id: refunded.id }, data: { status: 'REFUNDED', refundedMinor: 9000 } });
  await db.orderRefund.create({
    data: {
      orderId: refunded.id,
      reason: 'BRAND',
      paymentIntentId: `pi_${refunded.id}`,
      amountMinor: 9000,
      restock: false,
      retryAt: ago(start + 0.3),
      refundedAt: ago(start + 0.3),
    },
  });
  const survey = await db.survey.create({ data: { brandId, title: `${tag} survey`, questions: [] } });
  await db.surveyResponse.create({
    data: {
      surveyId: survey.id,
      followerId: follower.id,
      submittedAt: ago(start + 0.4),
      answers: { create: { questionId: 'q1', text: 'silk' } },
    },
  });
  const offer = await db.offer.create({
    data: { brandId, code: `${tag}-20`, title: `${tag} 20% off`, kind: 'PERCENT', percentOff: 20, expiresAt: ago(-9) },
  });
  await db.offerRecipient.create({ data: { offerId: offer.id, userId, sentAt: ago(start + 0.5) } });
  await db.offerRedemption.create({
    data: { offerId: offer.id, userId, orderId: paid.id, createdAt: ago(start + 0.6) },
  });
  const boutique = await db.boutique.create({
    data: {
      brandId,
      name: `${tag} Ginza`,
      address: '1 Ginza',
      city: 'Tokyo',
      latitude: 35.67,
      longitude: 139.76,
      timeZone: 'Asia/Tokyo',
      weeklyHours: [],
    },
  });
  const advisorRow = await db.advisor.create({
    data: { boutiqueId: boutique.id, brandId, name: 'Aiko', weeklyAvailability: [] },
  });
  const type = await db.appointmentType.create({
    data: { brandId, kind: 'FITTING', name: `${tag} fitting`, lengthMinutes: 60 },
  });
  const appointment = (status: 'BOOKED' | 'CANCELLED' | 'NO_SHOW', offset: number) =>
    db.appointment.create({
      data: {
        brandId,
        boutiqueId: boutique.id,
        advisorId: advisorRow.id,
        typeId: type.id,
        userId,
        status,
        startsAt: ago(start + offset - 0.05),
        endsAt: ago(start + offset - 0.06),
        createdAt: ago(start + offset),
        updatedAt: ago(start + offset - 0.01),
      },
    });
  await appointment('BOOKED', 0.7);
  await appointment('CANCELLED', 0.8);
  await appointment('NO_SHOW', 0.9);
  const menu = await db.menu.create({
    data: {
      brandId,
      name: `${tag} main menu`,
      placement: 'DEFAULT',
      kind: 'GRID',
      chatBarText: 'Menu',
      areas: [],
      alias: `${tag}-main`,
    },
  });
  await db.menuEvent.create({
    data: { brandId, menuId: menu.id, followerId: follower.id, kind: 'TAP', label: 'New arrivals', at: ago(start + 1) },
  });
  await db.menuEvent.create({
    data: { brandId, menuId: menu.id, followerId: follower.id, kind: 'IMPRESSION', at: ago(start + 1.1) },
  });
}

const timeline = (client: TestClient, brandId: string, id: string, query = '') =>
  client.get(`/api/brands/${brandId}/conversations/${id}/customer/timeline${query}`);

async function allPages(client: TestClient, brandId: string, id: string, limit: number) {
  const items: TimelineEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await timeline(
      client,
      brandId,
      id,
      `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as TimelinePage;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { items, pages };
}

beforeAll(async () => {
  t = await startTestApplication();
  const db = t.database.db;
  rival = await createSecondBrand(db, 'rival-password');
  customer = await t.signedUp({ email: 'tina-timeline@example.com', password: 'timeline-password-1', name: 'Tina' });
  advisor = await t.signedIn(demoAccounts.advisor);
  rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
  const user = await db.user.findUniqueOrThrow({ where: { email: 'tina-timeline@example.com' } });
  const start = async (brandId: string) => {
    const response = await customer.post('/api/me/conversations', { brandId, text: 'hello' });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { conversation: ConversationSummary }).conversation.id;
  };
  conversationId = await start(t.demo.brandId);
  rivalConversationId = await start(rival.brand.id);
  const resolved = await advisor.patch(`/api/brands/${t.demo.brandId}/conversations/${conversationId}`, {
    status: 'RESOLVED',
  });
  expect(resolved.statusCode, resolved.body).toBe(200);
  await eventsFor(db, t.demo.brandId, user.id, 1, 'home');
  await eventsFor(db, rival.brand.id, user.id, 3, 'zeta');
  await db.automationSettings.upsert({
    where: { brandId: t.demo.brandId },
    create: { brandId: t.demo.brandId, timeZone: 'Europe/Paris' },
    update: { timeZone: 'Europe/Paris' },
  });
});
afterAll(async () => t?.close());

describe("the customer's timeline", () => {
  it('shows one line of each kind, newest first, in the brand time zone', async () => {
    const response = await timeline(advisor, t.demo.brandId, conversationId, '?limit=50');
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as TimelinePage;
    expect(page.timeZone).toBe('Europe/Paris');
    expect(page.nextCursor).toBeNull();
    const counts: Record<string, number> = {};
    for (const event of page.items) counts[event.kind] = (counts[event.kind] ?? 0) + 1;
    // Both orders were paid, one then refunded; three appointments were booked, one cancelled, one missed.
    expect(counts).toEqual({
      conversation_started: 1,
      conversation_resolved: 1,
      show_attended: 1,
      order_paid: 2,
      order_refunded: 1,
      survey_answered: 1,
      offer_sent: 1,
      offer_used: 1,
      appointment_booked: 3,
      appointment_cancelled: 1,
      appointment_no_show: 1,
      menu_tap: 1,
    });
    expect(page.items.slice(2).map((event) => event.kind)).toEqual([
      'show_attended',
      'order_paid',
      'order_paid',
      'order_refunded',
      'survey_answered',
      'offer_sent',
      'offer_used',
      'appointment_booked',
      'appointment_cancelled',
      'appointment_booked',
      'appointment_no_show',
      'appointment_booked',
      'menu_tap',
    ]);
    const times = page.items.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byKind = Object.fromEntries(page.items.map((event) => [event.kind, event]));
    expect(byKind.order_paid).toMatchObject({ label: '1 × home scarf', amountMinor: 9000, currency: 'EUR' });
    expect(byKind.offer_used).toMatchObject({ label: 'home 20% off', detail: 'home-20' });
    expect(byKind.survey_answered).toMatchObject({ label: 'home survey', detail: '1 answer' });
    expect(byKind.menu_tap).toMatchObject({ label: 'New arrivals', detail: 'home main menu' });
    expect(byKind.appointment_booked?.detail).toMatch(/^\w{3} \d\d \w{3} \d\d:\d\d · home Ginza$/);
    expect(byKind.conversation_started?.linkId).toBe(conversationId);
    // Nothing of the other brand's.
    expect(JSON.stringify(page.items)).not.toContain('zeta');
  });

  it('pages by cursor without gaps or repeats', async () => {
    const whole = (await timeline(advisor, t.demo.brandId, conversationId, '?limit=50')).json() as TimelinePage;
    const paged = await allPages(advisor, t.demo.brandId, conversationId, 5);
    expect(paged.pages).toBe(3);
    expect(paged.items.map((event) => event.key)).toEqual(whole.items.map((event) => event.key));
    expect((await timeline(advisor, t.demo.brandId, conversationId, '?cursor=nonsense')).statusCode).toBe(400);
  });

  it("keeps each brand to its own: the rival sees only its events, and not the home brand's conversation", async () => {
    const { items } = await allPages(rivalAdmin, rival.brand.id, rivalConversationId, 4);
    expect(items).toHaveLength(14); // its conversation is open: no "resolved" line
    expect(JSON.stringify(items)).not.toContain('home');
    expect((await timeline(rivalAdmin, t.demo.brandId, conversationId)).statusCode).toBe(404);
    expect((await timeline(rivalAdmin, rival.brand.id, conversationId)).statusCode).toBe(404);
    expect((await timeline(customer, t.demo.brandId, conversationId)).statusCode).toBe(404);
  });
});
