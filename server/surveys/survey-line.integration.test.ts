// A survey answered on LINE, for real: the platform on a test database, the strict local LINE stand-in, webhooks
// signed as the LINE Platform signs them. Staff ask in a LINE follower's chat; the question goes out with its
// choices as quick replies (postback actions); her taps come back as postback events that record the answer, tag
// her at once and ask the next question; a redelivered event, a stale tap and forged data change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import {
  type LineStandInMessage,
  signedWebhook,
  startLineStandIn,
  webhookEventId,
} from '../channels/testing/line-stand-in';

const secret = '0123456789abcdef0123456789abcdef';
const mia = 'U000000000000000000000000000000a1';

let t: TestApplication;
let line: Awaited<ReturnType<typeof startLineStandIn>>;
let admin: TestClient;
let brandId: string;
let tags: Record<'bags' | 'shoes', string>;

const until = async <T>(read: () => T | Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const event = (type: string, extra: Record<string, unknown>) => ({
  type,
  mode: 'active',
  timestamp: Date.now(),
  source: { type: 'user', userId: mia },
  webhookEventId: webhookEventId(),
  deliveryContext: { isRedelivery: false },
  ...extra,
});

async function deliver(events: unknown[]) {
  const { body, signature } = signedWebhook(secret, events);
  const response = await t.app.http.inject({
    method: 'POST',
    url: `/api/line/webhook/${brandId}`,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { received: number; fresh: number };
}

type QuickItem = { type: string; action: { type: string; label: string; data: string; displayText: string } };
const withQuickReplies = () =>
  line.delivered.filter((sent) => sent.messages.some((message) => message.quickReply !== undefined));
const quickItems = (sent: LineStandInMessage) =>
  (sent.messages.at(-1)!.quickReply as { items: QuickItem[] }).items.map((item) => item.action);

beforeAll(async () => {
  line = await startLineStandIn({ replyTokenLifetimeMs: 60_000 });
  t = await startTestApplication({ lineApiBaseUrl: line.baseUrl });
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  const saved = await admin.request('PUT', `/api/brands/${brandId}/line`, {
    channelSecret: secret,
    channelAccessToken: 'channel-access-token-for-tests-0123456789',
  });
  expect(saved.statusCode).toBe(200);
  const db = t.database.db;
  const tag = async (name: string) => (await db.tag.create({ data: { brandId, name } })).id;
  tags = { bags: await tag('likes bags'), shoes: await tag('likes shoes') };
});
afterAll(async () => {
  await t?.close();
  await line?.close();
});

describe('a survey on LINE', () => {
  it('asks with quick replies, records and tags on her tap once per event, then asks the next question', async () => {
    const created = await admin.post(`/api/brands/${brandId}/surveys`, {
      title: 'Your style',
      intro: '',
      questions: [
        {
          kind: 'SINGLE',
          text: 'What do you shop for most?',
          choices: [
            { label: 'Bags', tagIds: [tags.bags] },
            { label: 'Shoes', tagIds: [tags.shoes] },
          ],
        },
        { kind: 'RATING', text: 'How was your last visit?', scale: 5 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const surveyId = created.json().id as string;
    const [first, second] = created.json().questions as { id: string }[];

    // She writes to the brand on LINE: her follower row and her LINE conversation.
    expect(
      await deliver([
        event('message', { replyToken: line.issueReplyToken(), message: { id: '1', type: 'text', text: 'Hello' } }),
      ]),
    ).toEqual({ received: 1, fresh: 1 });
    const db = t.database.db;
    const follower = await db.follower.findUniqueOrThrow({
      where: { brandId_lineUserId: { brandId, lineUserId: mia } },
    });
    const conversation = await until(
      () => db.conversation.findUnique({ where: { brandId_followerId: { brandId, followerId: follower.id } } }),
      (row) => row !== null,
    );

    const asked = await admin.post(`/api/brands/${brandId}/surveys/${surveyId}/ask`, {
      conversationId: conversation!.id,
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toEqual({ questionId: first!.id });
    const question = (await until(withQuickReplies, (list) => list.length === 1)).at(0)!;
    expect(question.messages.at(-1)).toMatchObject({ type: 'text', text: 'Your style: What do you shop for most?' });
    const choices = quickItems(question);
    expect(choices.map(({ type, label, displayText }) => ({ type, label, displayText }))).toEqual([
      { type: 'postback', label: 'Bags', displayText: 'Bags' },
      { type: 'postback', label: 'Shoes', displayText: 'Shoes' },
    ]);

    // Her tap on Shoes, delivered twice (LINE's redelivery carries the same webhookEventId).
    const tapToken = line.issueReplyToken();
    const tap = event('postback', { replyToken: tapToken, postback: { data: choices[1]!.data } });
    expect(await deliver([tap])).toEqual({ received: 1, fresh: 1 });
    expect(await deliver([{ ...tap, deliveryContext: { isRedelivery: true } }])).toEqual({ received: 1, fresh: 0 });

    const answers = await db.surveyAnswer.findMany({ where: { response: { surveyId, followerId: follower.id } } });
    expect(answers.map(({ questionId, choiceIds }) => ({ questionId, choiceIds }))).toEqual([
      { questionId: first!.id, choiceIds: ['c2'] },
    ]);
    const response = await db.surveyResponse.findUniqueOrThrow({
      where: { surveyId_followerId: { surveyId, followerId: follower.id } },
    });
    expect(response.channel).toBe('line');
    const tagged = await db.followerTag.findMany({ where: { followerId: follower.id } });
    expect(tagged.map((row) => row.tagId)).toEqual([tags.shoes]);

    // The next question, once (not again for the redelivery), as the answer to her tap: a rating from 1 to 5.
    const next = (await until(withQuickReplies, (list) => list.length >= 2)).slice(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(withQuickReplies()).toHaveLength(2);
    expect(next[0]!.via).toBe('reply');
    expect(next[0]!.replyToken).toBe(tapToken);
    const ratings = quickItems(next[0]!);
    expect(ratings.map((action) => action.label)).toEqual(['1', '2', '3', '4', '5']);

    // A late tap on the first question's other choice, and forged data: nothing recorded, nothing sent.
    const stale = event('postback', { postback: { data: choices[0]!.data } });
    const forged = event('postback', { postback: { data: ratings[4]!.data.replace(/\|5$/, '|9') } });
    expect(await deliver([stale, forged])).toEqual({ received: 2, fresh: 2 });
    expect(await db.followerTag.count({ where: { followerId: follower.id, tagId: tags.bags } })).toBe(0);
    expect(await db.surveyAnswer.count({ where: { responseId: response.id } })).toBe(1);

    // The rating: recorded, then thanks (no quick replies left), and no open prompt.
    expect(await deliver([event('postback', { postback: { data: ratings[3]!.data } })])).toEqual({
      received: 1,
      fresh: 1,
    });
    const rated = await db.surveyAnswer.findUnique({
      where: { responseId_questionId: { responseId: response.id, questionId: second!.id } },
    });
    expect(rated?.rating).toBe(4);
    const thanks = await until(
      () => line.delivered.filter((sent) => sent.messages.some((m) => String(m.text).startsWith('Thank you'))),
      (list) => list.length > 0,
    );
    expect(thanks[0]!.messages.at(-1)!.quickReply).toBeUndefined();
    expect(await db.surveyChatPrompt.findUnique({ where: { conversationId: conversation!.id } })).toBeNull();
    expect(withQuickReplies()).toHaveLength(2);
  });
});
