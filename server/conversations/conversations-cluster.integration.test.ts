// Issue 13: a customer on one node and an advisor on the other see each other's messages at once, over real Redis
// and PostgreSQL; typing and read state cross nodes; the inbox live update (event bus) crosses nodes; hooks run
// after delivery; private notes never reach the customer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import {
  closeAllClients,
  connect,
  next,
  call,
  ok,
  collect,
  sleep,
  until,
} from '../realtime/test-support/realtime-test-kit';
import { demoAccounts } from '../seed/demo-seed';
import type { ConversationMessageView, ConversationSummary } from './conversation-schemas';
import { sendBotMessage } from './conversation-service';
import { cookieOf, startConversationCluster, type ConversationCluster } from './testing/conversation-cluster';
import type { TestClient } from '../../infra/test-support/test-application';

let cluster: ConversationCluster;
let customer: TestClient;
let advisor: TestClient;
let productId: string;

beforeAll(async () => {
  cluster = await startConversationCluster();
  customer = await cluster.nodes[0].signedIn(demoAccounts.viewer);
  advisor = await cluster.nodes[1].signedIn(demoAccounts.advisor);
  productId = (await cluster.database.db.product.findFirstOrThrow({ where: { brandId: cluster.brandId } })).id;
});
afterEach(() => closeAllClients());
afterAll(async () => cluster?.close());

type Stored = { conversation: ConversationSummary; message: ConversationMessageView };

describe('a conversation across two nodes', () => {
  it('delivers both ways at once, with typing, read state, product cards and private notes', async () => {
    const customerSocket = await connect(cluster.nodes[0].url, { cookie: cookieOf(customer) });
    const advisorSocket = await connect(cluster.nodes[1].url, { cookie: cookieOf(advisor) });

    // The customer asks about a product (node A); the advisor (node B) sees it live.
    const seenByAdvisor = next(
      advisorSocket,
      'conversation:message-created',
      (event) => event.message.text === 'Is this in stock in blue?',
    );
    const started = await customer.post('/api/me/conversations', {
      brandId: cluster.brandId,
      text: 'Is this in stock in blue?',
      productId,
    });
    expect(started.statusCode).toBe(201);
    const first = started.json() as Stored;
    const live = await seenByAdvisor;
    expect(live.message.id).toBe(first.message.id);
    expect(live.message.product?.productId).toBe(productId);
    expect(live.conversation.unread).toBe(1);
    const conversationId = first.conversation.id;

    // The advisor's typing reaches the customer on the other node.
    const typing = next(
      customerSocket,
      'conversation:typing',
      (event) => event.conversationId === conversationId && event.side === 'staff',
    );
    await ok(call(advisorSocket, 'conversation:typing', { conversationId }));
    expect((await typing).name).toBe('Aiko Advisor');

    // A private note stays with staff; a product card reaches the customer with its live price.
    const customerEvents = collect(customerSocket, 'conversation:message-created');
    const note = await advisor.post(`/api/brands/${cluster.brandId}/conversations/${conversationId}/messages`, {
      kind: 'TEXT',
      text: 'VIP, bought twice',
      private: true,
    });
    expect(note.statusCode).toBe(201);
    const cardArrives = next(
      customerSocket,
      'conversation:message-created',
      (event) => event.message.kind === 'PRODUCT',
    );
    const card = await advisor.post(`/api/brands/${cluster.brandId}/conversations/${conversationId}/messages`, {
      kind: 'PRODUCT',
      productId,
    });
    expect(card.statusCode).toBe(201);
    const received = await cardArrives;
    expect(received.message.product).toMatchObject({ productId, available: true });
    expect(received.conversation).toMatchObject({ mode: 'HUMAN', unread: 1, assignee: { name: 'Aiko Advisor' } });
    await sleep(200);
    expect(customerEvents.items.some((event) => event.message.private)).toBe(false);
    customerEvents.stop();

    // The customer's history has the card and not the note; staff's has both.
    const customerPage = (await customer.get(`/api/me/conversations/${conversationId}/messages`)).json() as {
      items: ConversationMessageView[];
    };
    expect(customerPage.items.map((message) => message.kind)).toEqual(['TEXT', 'PRODUCT']);
    const staffPage = (
      await advisor.get(`/api/brands/${cluster.brandId}/conversations/${conversationId}/messages`)
    ).json() as { items: ConversationMessageView[] };
    expect(staffPage.items.map((message) => message.private)).toEqual([false, true, false]);

    // Read state crosses nodes too.
    const readReceipt = next(advisorSocket, 'conversation:read', (event) => event.side === 'customer');
    expect((await customer.post(`/api/me/conversations/${conversationId}/read`)).statusCode).toBe(200);
    await readReceipt;
    expect((await customer.get('/api/me/conversations/unread-count')).json()).toEqual({ count: 0 });
  });

  it('pages history by cursor and exports it as CSV with formulas defused', async () => {
    const conversation = (await customer.get('/api/me/conversations')).json() as { items: ConversationSummary[] };
    const conversationId = conversation.items[0]!.id;
    for (let i = 0; i < 5; i++)
      await customer.post(`/api/me/conversations/${conversationId}/messages`, { text: `=HYPERLINK("x") ${i}` });
    const first = (await customer.get(`/api/me/conversations/${conversationId}/messages?limit=3`)).json() as {
      items: ConversationMessageView[];
      before: string;
    };
    expect(first.items).toHaveLength(3);
    const second = (
      await customer.get(`/api/me/conversations/${conversationId}/messages?limit=3&before=${first.before}`)
    ).json() as { items: ConversationMessageView[] };
    expect(second.items.every((message) => BigInt(message.seq) < BigInt(first.items[0]!.seq))).toBe(true);
    const csv = await advisor.get(`/api/brands/${cluster.brandId}/conversations/${conversationId}/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"") 4"`);
    expect(csv.body).toContain('VIP, bought twice');
  });

  it('runs onCustomerMessage hooks after delivery; a failing hook loses nothing; the bot does not switch to human', async () => {
    const { hooks } = cluster.nodes[0].conversations;
    const ctx = cluster.nodes[0].conversations.context()!;
    const heard: string[] = [];
    hooks.onCustomerMessage.push(() => {
      throw new Error('a broken rule');
    });
    hooks.onCustomerMessage.push(async (event) => {
      heard.push(event.message.text);
      await sendBotMessage(ctx, {
        brandId: event.brandId,
        conversationId: event.conversation.id,
        balloon: { kind: 'text', text: 'Our opening hours are 10-19.' },
      });
    });
    const customerSocket = await connect(cluster.nodes[1].url, { cookie: cookieOf(customer) });
    const botReply = next(customerSocket, 'conversation:message-created', (event) => event.message.sender === 'BOT');
    const conversationId = ((await customer.get('/api/me/conversations')).json() as { items: ConversationSummary[] })
      .items[0]!.id;
    const sent = await customer.post(`/api/me/conversations/${conversationId}/messages`, { text: 'opening hours?' });
    expect(sent.statusCode).toBe(201);
    expect((await botReply).message.text).toBe('Our opening hours are 10-19.');
    expect(heard).toEqual(['opening hours?']);
    hooks.onCustomerMessage.length = 0;
    const row = await cluster.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row.mode).toBe('HUMAN'); // set by the advisor's reply in the first test, untouched by the bot
  });

  it('tells the bell on the other node through the event bus (inbox streams)', async () => {
    const events: string[] = [];
    const cookie = cookieOf(customer);
    const request = http.get(`${cluster.nodes[1].url}/api/me/inbox/events`, { headers: { cookie } }, (response) => {
      response.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    });
    try {
      await until(() => events.length > 0, 5000, 'the stream to open');
      await sleep(100); // the bus subscription is made when the stream opens
      const conversationId = ((await customer.get('/api/me/conversations')).json() as { items: ConversationSummary[] })
        .items[0]!.id;
      await advisor.post(`/api/brands/${cluster.brandId}/conversations/${conversationId}/messages`, {
        kind: 'TEXT',
        text: 'We open at 10.',
      });
      await until(() => events.join('').includes('event: changed'), 5000, 'the inbox change on node B');
    } finally {
      request.destroy();
    }
  });
});
