// Ordering by chat keyword against a real server, PostgreSQL and socket clients: holds through the same
// reservations as the Buy button (never oversold, limits kept), private answers, the waitlist offered in order.
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, KeywordAnswer } from '../../realtime/contract';
import { expireDueHolds } from '../release-hold';
import { createCommerceFixture, type CommerceFixture } from '../testing/commerce-fixture';
import { offerWaitlists } from './keyword-orders';

describe('ordering by chat keyword', () => {
  let f: CommerceFixture;
  let baseUrl: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(f.app.http.server.address() as AddressInfo).port}`;
    await f.database.db.brand.update({ where: { id: f.brandId }, data: { chatOrderKeywords: ['SOLD', '+1'] } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await f?.close();
  });

  /** A signed-in viewer in the show room, with every private answer she gets. */
  const viewer = async (cookie: string) => {
    const socket = io(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    sockets.push(socket);
    const answers: KeywordAnswer[] = [];
    socket.on('keyword:answered', (answer: KeywordAnswer) => answers.push(answer));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(((await socket.emitWithAck('show:join', { showId: f.showId })) as AckResult<unknown>).ok).toBe(true);
    const say = async (text: string) =>
      expect(((await socket.emitWithAck('chat:send', { text })) as AckResult<unknown>).ok).toBe(true);
    const next = async () => {
      await expect.poll(() => answers.length, { timeout: 10_000 }).toBeGreaterThan(0);
      return answers.shift() as KeywordAnswer;
    };
    return { socket, say, next, answers };
  };
  const product = async (stock: number, title: string, pinned = true) => {
    const row = await f.database.db.product.create({ data: { brandId: f.brandId, title, priceMinor: 3000, stock } });
    return (await f.database.db.showProduct.create({ data: { showId: f.showId, productId: row.id, pinned } })).id;
  };
  const unpinAll = () => f.database.db.showProduct.updateMany({ where: { showId: f.showId }, data: { pinned: false } });

  it('one product pinned: a hold answered privately; sold out: the waitlist; never oversold under a rush', async () => {
    await unpinAll();
    const showProductId = await product(3, 'Silk scarf');
    const host = io(baseUrl, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: f.admin.cookie as string },
    });
    sockets.push(host);
    const counts: { holds: number; waiting: number }[] = [];
    const onCount = (c: { holds: number; waiting: number }) => counts.push(c);
    host.on('keyword:orders-counted', onCount);
    host.on('room:batch', (batch: { events: [string, { holds: number; waiting: number }][] }) => {
      for (const [event, payload] of batch.events) if (event === 'keyword:orders-counted') onCount(payload);
    });
    await host.emitWithAck('show:join', { showId: f.showId });

    const buyers = await f.buyers(10);
    const people = await Promise.all(buyers.map((b) => viewer(b.headers.cookie as string)));
    // Ordinary chat orders nothing.
    await people[0]!.say('is it silk?');
    // Ten viewers type the keyword at once for three units.
    await Promise.all(people.map((p, i) => p.say(i % 2 ? '+1' : 'sold')));
    const first = await Promise.all(people.map((p) => p.next()));
    expect(first.filter((a) => a.kind === 'held')).toHaveLength(3);
    expect(first.filter((a) => a.kind === 'waitlisted')).toHaveLength(7);
    // Each answer went to its own viewer only.
    for (const p of people) expect(p.answers).toEqual([]);
    const held = first.filter((a) => a.kind === 'held');
    for (const a of held) expect(a).toMatchObject({ title: 'Silk scarf', quantity: 1, flash: false });
    const positions = first.flatMap((a) => (a.kind === 'waitlisted' ? [a.position] : [])).sort((x, y) => x - y);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const stock = await f.database.db.showProduct.findUniqueOrThrow({
      where: { id: showProductId },
      include: { product: true },
    });
    expect(stock.product.stock).toBe(0);
    expect(await f.database.db.reservation.count({ where: { productId: stock.productId, status: 'HELD' } })).toBe(3);
    // The host saw the count live.
    await expect.poll(() => counts.at(-1), { timeout: 5_000 }).toEqual({ holds: 3, waiting: 7 });

    // Two holds expire: their units go to the first two in the waitlist, in the order they typed.
    const line = await f.database.db.keywordOrder.findMany({
      where: { showProductId, status: 'WAITING' },
      orderBy: { createdAt: 'asc' },
    });
    const heldOrders = await f.database.db.reservation.findMany({
      where: { productId: stock.productId, status: 'HELD' },
    });
    await f.database.db.reservation.updateMany({
      where: { id: { in: heldOrders.slice(0, 2).map((r) => r.id) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await expireDueHolds(f.commerce.ctx)).toBe(2);
    expect(await offerWaitlists(f.commerce.ctx)).toBe(2);
    const after = await f.database.db.keywordOrder.findMany({ where: { id: { in: line.map((row) => row.id) } } });
    const statusOf = (id: string) => after.find((row) => row.id === id)?.status;
    expect(line.map((row) => statusOf(row.id))).toEqual(['HELD', 'HELD', ...Array(5).fill('WAITING')]);
    // The two first in line are told privately that the units are theirs now.
    for (const row of line.slice(0, 2)) {
      const p = people[buyers.findIndex((b) => b.userId === row.userId)]!;
      expect(await p.next()).toMatchObject({ kind: 'held', fromWaitlist: true, title: 'Silk scarf' });
    }
    for (const row of line.slice(2))
      expect(people[buyers.findIndex((b) => b.userId === row.userId)]!.answers).toEqual([]);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: stock.productId } })).stock).toBe(0);
    // Holds placed by keyword so far (the two expired ones included), and who is still waiting.
    await expect.poll(() => counts.at(-1), { timeout: 5_000 }).toEqual({ holds: 5, waiting: 5 });
  });

  it('several products pinned: she is asked privately which, and her pick places the hold', async () => {
    await unpinAll();
    const a = await product(10, 'Red bag');
    await product(5, 'Blue bag');
    const [buyer] = await f.buyers(1);
    const p = await viewer(buyer!.headers.cookie as string);
    await p.say('SOLD 2');
    const ask = await p.next();
    expect(ask).toMatchObject({ kind: 'choose', quantity: 2 });
    if (ask.kind !== 'choose') return;
    expect(ask.options.map((o) => o.title).sort()).toEqual(['Blue bag', 'Red bag']);
    const picked = (await p.socket.emitWithAck('keyword:choose', {
      showProductId: a,
      quantity: 2,
    })) as AckResult<KeywordAnswer>;
    expect(picked).toMatchObject({ ok: true, data: { kind: 'held', title: 'Red bag', quantity: 2 } });
    // Per-buyer limits apply: at most 5 normal-price units of a product held at once.
    const again = (await p.socket.emitWithAck('keyword:choose', {
      showProductId: a,
      quantity: 4,
    })) as AckResult<KeywordAnswer>;
    expect(again, JSON.stringify(again)).toMatchObject({ ok: true, data: { kind: 'refused' } });
  });
});
