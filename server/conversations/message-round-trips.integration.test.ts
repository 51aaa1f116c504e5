// Issue 13, the send path's cost: a message is one database round trip (ownership check, message, conversation
// state and names in one statement), and a keyword auto-reply adds the bot's message; the statistics (the hit, the
// unmatched question) are written behind in batches, at most one more statement here. Nothing grows with the
// number of staff or sockets. Counted at the connection pool, on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPool } from '../database/prisma-client';
import type { TestClient } from '../../infra/test-support/test-application';
import { closeAllClients, connect, sleep } from '../realtime/test-support/realtime-test-kit';
import { demoAccounts } from '../seed/demo-seed';
import type { ConversationSummary } from './conversation-schemas';
import { cookieOf, startConversationCluster, type ConversationCluster } from './testing/conversation-cluster';

let t: ConversationCluster;
let customer: TestClient;
let conversationId: string;
const statements: string[] = [];

/** Records every statement any client of the pool runs (pool.query checks a client out too). */
function countStatements(pool: ReturnType<typeof sqlPool>) {
  const wrapped = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const own = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const query = args[0];
      statements.push(typeof query === 'string' ? query : String((query as { text?: string }).text ?? ''));
      return own(...args);
    };
  });
}

beforeAll(async () => {
  t = await startConversationCluster({ redis: false });
  customer = await t.nodes[0].signedIn(demoAccounts.viewer);
  await connect(t.nodes[0].url, { cookie: cookieOf(customer) });
  // Through the console, as a brand's admin does: this process forgets the rules it read at start.
  const admin = await t.nodes[0].signedIn(demoAccounts.admin);
  const rule = await admin.post(`/api/brands/${t.brandId}/automation/rules`, {
    name: 'Shipping',
    keywords: ['shipping'],
    match: 'CONTAINS',
    priority: 10,
    enabled: true,
    timeZone: 'UTC',
    activeFrom: null,
    activeUntil: null,
    dailyFrom: null,
    dailyUntil: null,
    balloons: [{ type: 'text', text: 'We ship in 2-4 days.' }],
  });
  expect(rule.statusCode).toBe(201);
  const started = await customer.post('/api/me/conversations', { brandId: t.brandId, text: 'hello' });
  conversationId = (started.json() as { conversation: ConversationSummary }).conversation.id;
  countStatements(sqlPool(t.database.db));
});
afterAll(async () => {
  closeAllClients();
  await t?.close();
});

async function statementsOf(text: string): Promise<string[]> {
  // Warm: the session and the conversation's brand are cached after the first message.
  await customer.post(`/api/me/conversations/${conversationId}/messages`, { text: 'warm up' });
  await sleep(300);
  statements.length = 0;
  const sent = await customer.post(`/api/me/conversations/${conversationId}/messages`, { text });
  expect(sent.statusCode).toBe(201);
  await sleep(300); // the automation hooks run after the answer
  return [...statements];
}

describe('round trips per message', () => {
  it('stores a customer message in one statement, plus at most one for the statistics written behind', async () => {
    const seen = await statementsOf('Is the tote available in blue?');
    expect(seen.filter((sql) => sql.includes('INSERT INTO "ConversationMessage"'))).toHaveLength(1);
    expect(seen.length, seen.join('\n---\n')).toBeLessThanOrEqual(2);
  });

  it('answers a keyword with the bot message and at most one for the hit written behind (she is online: no notice)', async () => {
    const seen = await statementsOf('How long does shipping take?');
    expect(seen.filter((sql) => sql.includes('INSERT INTO "ConversationMessage"'))).toHaveLength(2);
    expect(seen.length, seen.join('\n---\n')).toBeLessThanOrEqual(3);
  });
});

describe('group commit', () => {
  it('writes messages that arrive together in few statements, each conversation in order, refusing what is not hers', async () => {
    const ctx = t.nodes[0].conversations.context()!;
    const user = await t.database.db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
    const at = new Date();
    const write = (text: string, userId = user.id) =>
      ctx.customerMessages.write({
        conversationId,
        brandId: null,
        customer: { userId },
        kind: 'TEXT',
        text,
        imageKey: null,
        productId: null,
        preview: text,
        at,
      });
    statements.length = 0;
    const written = await Promise.all([write('one'), write('two'), write('not hers', 'someone-else'), write('three')]);
    expect(written.map((entry) => entry?.message.text ?? null)).toEqual(['one', 'two', null, 'three']);
    const seqs = written.flatMap((entry) => (entry ? [entry.message.seq] : []));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(written[3]!.row.staffUnread).toBeGreaterThan(written[0]!.row.staffUnread);
    expect(statements.filter((sql) => sql.includes('INSERT INTO "ConversationMessage"')).length).toBeLessThanOrEqual(4);
  });
});
