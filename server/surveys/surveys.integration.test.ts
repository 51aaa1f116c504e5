// Surveys through the real routes on PostgreSQL: created with choices that tag, sent to a segment's inbox, answered
// (tags at once, replaced on a second answer, refused when closed), shown in her profile, results per question and
// per segment, the CSV export, tenants and roles; and a survey answer that moves her LINE menu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { startLineStandIn } from '../channels/testing/line-stand-in';
import { demoPassword } from '../seed/demo-seed';

let t: TestApplication;
let line: Awaited<ReturnType<typeof startLineStandIn>>;
let admin: TestClient;
let viewer: TestClient;
let brandId: string;
let tags: Record<'bags' | 'shoes' | 'vip', string>;
let vipSegment: string;
let surveyId: string;

const surveysUrl = () => `/api/brands/${brandId}/surveys`;

beforeAll(async () => {
  line = await startLineStandIn();
  t = await startTestApplication({ lineApiBaseUrl: line.baseUrl });
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  viewer = await t.signedIn(demoAccounts.viewer);
  const db = t.database.db;
  const tag = async (name: string) => (await db.tag.create({ data: { brandId, name } })).id;
  tags = { bags: await tag('likes bags'), shoes: await tag('likes shoes'), vip: await tag('vip') };
  vipSegment = (await db.segment.create({ data: { brandId, name: 'VIP', filter: { tag: tags.vip } } })).id;
});
afterAll(async () => {
  await t?.close();
  await line?.close();
});

describe('surveys', () => {
  it('is created with choices that name their tags (only this brand’s)', async () => {
    const body = {
      title: 'Your style',
      intro: 'Three questions, one minute.',
      questions: [
        {
          kind: 'SINGLE',
          text: 'What do you shop for most?',
          choices: [
            { label: 'Bags', tagIds: [tags.bags] },
            { label: 'Shoes', tagIds: [tags.shoes] },
          ],
        },
        {
          kind: 'MULTIPLE',
          text: 'Which services interest you?',
          required: false,
          choices: [
            { label: 'Private viewing', tagIds: [tags.vip] },
            { label: 'Product care', tagIds: [] },
          ],
        },
        { kind: 'RATING', text: 'How was your last visit?', scale: 5 },
        { kind: 'DATE', text: 'Your birthday?', required: false },
        { kind: 'TEXT', text: 'Anything else?', required: false },
      ],
    };
    const rival = await createSecondBrand(t.database.db, demoPassword);
    const rivalTag = await t.database.db.tag.create({ data: { brandId: rival.brand.id, name: 'theirs' } });
    const foreign = structuredClone(body);
    foreign.questions[0]!.choices![0]!.tagIds = [rivalTag.id];
    expect((await admin.post(surveysUrl(), foreign)).statusCode).toBe(400);
    const created = await admin.post(surveysUrl(), body);
    expect(created.statusCode, created.body).toBe(201);
    surveyId = created.json().id;
    expect(created.json().questions[0].choices[1]).toEqual({ id: 'c2', label: 'Shoes', tagIds: [tags.shoes] });
  });

  it('goes to a segment’s inbox as a balloon with a button to it', async () => {
    const db = t.database.db;
    const viewerUser = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
    const follower = await db.follower.create({ data: { brandId, userId: viewerUser.id, name: 'Vivian' } });
    await db.followerTag.create({ data: { followerId: follower.id, tagId: tags.vip } });
    const sent = await admin.post(`${surveysUrl()}/${surveyId}/send`, { segmentId: vipSegment });
    expect(sent.json()).toEqual({ recipients: 1 });
    expect((await admin.post(`${surveysUrl()}/${surveyId}/send`, { segmentId: vipSegment })).json()).toEqual({
      recipients: 0,
    });
    const inbox = await viewer.get('/api/me/inbox');
    const message = inbox.json().items[0].message;
    expect(message.balloons[1]).toEqual({
      type: 'button',
      label: 'Take the survey',
      url: `http://localhost:3000/surveys/${surveyId}`,
    });
  });

  it('tags her at once when she answers; a second answer replaces the first', async () => {
    const form = await viewer.get(`/api/surveys/${surveyId}`);
    expect(form.json()).toMatchObject({ title: 'Your style', mine: null, closed: false });
    expect(JSON.stringify(form.json())).not.toContain(tags.bags);
    const bad = await viewer.post(`/api/surveys/${surveyId}/answers`, {
      answers: [{ questionId: 'q1', choiceIds: ['c1'] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({ 'answers.q3': 'this question needs an answer' });
    const answered = await viewer.post(`/api/surveys/${surveyId}/answers`, {
      answers: [
        { questionId: 'q1', choiceIds: ['c1'] },
        { questionId: 'q2', choiceIds: ['c1', 'c2'] },
        { questionId: 'q3', rating: 4 },
        { questionId: 'q4', date: '1990-04-12' },
        { questionId: 'q5', text: '=cmd|calc' },
      ],
    });
    expect(answered.statusCode, answered.body).toBe(200);
    // She was VIP already: only the new tag is reported.
    expect(answered.json()).toEqual({ tagsAdded: ['likes bags'] });
    const again = await viewer.post(`/api/surveys/${surveyId}/answers`, {
      answers: [
        { questionId: 'q1', choiceIds: ['c2'] },
        { questionId: 'q3', rating: 5 },
        { questionId: 'q5', text: '=cmd|calc' },
      ],
    });
    expect(again.json()).toEqual({ tagsAdded: ['likes shoes'] });
    expect(await t.database.db.surveyResponse.count({ where: { surveyId } })).toBe(1);
    expect((await viewer.get(`/api/surveys/${surveyId}`)).json().mine).toHaveLength(3);
    expect((await t.client().post(`/api/surveys/${surveyId}/answers`, { answers: [] })).statusCode).toBe(401);
  });

  it('shows her answers in her profile, results per question and per segment, and a CSV', async () => {
    const db = t.database.db;
    const follower = await db.follower.findFirstOrThrow({ where: { brandId, name: 'Vivian' } });
    const profile = await admin.get(`/api/brands/${brandId}/followers/${follower.id}/survey-answers`);
    expect(profile.json().items[0].answers).toEqual([
      { question: 'What do you shop for most?', answer: 'Shoes' },
      { question: 'How was your last visit?', answer: '5/5' },
      { question: 'Anything else?', answer: '=cmd|calc' },
    ]);
    // A second respondent outside the VIP segment.
    const host = await t.signedIn(demoAccounts.host);
    await host.post(`/api/surveys/${surveyId}/answers`, {
      answers: [
        { questionId: 'q1', choiceIds: ['c1'] },
        { questionId: 'q3', rating: 2 },
      ],
    });
    const all = (await admin.get(`${surveysUrl()}/${surveyId}/results`)).json();
    expect(all.respondents).toBe(2);
    expect(all.questions[0].choices.map((c: { count: number }) => c.count)).toEqual([1, 1]);
    expect(all.questions[2].rating).toEqual({ average: 3.5, counts: [0, 1, 0, 0, 1] });
    const vip = (await admin.get(`${surveysUrl()}/${surveyId}/results?segmentId=${vipSegment}`)).json();
    expect(vip.respondents).toBe(1);
    expect(vip.questions[0].choices.map((c: { count: number }) => c.count)).toEqual([0, 1]);
    const csv = await admin.get(`${surveysUrl()}/${surveyId}/responses.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('What do you shop for most?');
    // A formula in her text is neutralised for spreadsheets.
    expect(csv.body).toContain("'=cmd|calc");
  });

  it('asks in a web chat, one question at a time, answered with quick replies that tag her', async () => {
    const db = t.database.db;
    const care = await db.tag.create({ data: { brandId, name: 'wants care' } });
    const survey = await admin.post(surveysUrl(), {
      title: 'After your visit',
      questions: [
        { kind: 'TEXT', text: 'Anything to tell us?', required: false },
        {
          kind: 'SINGLE',
          text: 'Would you like a care appointment?',
          choices: [
            { label: 'Yes', tagIds: [care.id] },
            { label: 'No', tagIds: [] },
          ],
        },
        { kind: 'RATING', text: 'Your advisor?', scale: 5 },
      ],
    });
    const surveyChat = survey.json().id;
    const started = await viewer.post('/api/me/conversations', { brandId, text: 'Hello' });
    expect(started.statusCode, started.body).toBe(201);
    const conversationId = started.json().conversation.id;
    const prompt = `/api/me/conversations/${conversationId}/survey-prompt`;
    expect((await viewer.get(prompt)).json()).toBeNull();

    const host = await t.signedIn(demoAccounts.host);
    expect((await host.post(`${surveysUrl()}/${surveyChat}/ask`, { conversationId })).statusCode).toBe(403);
    expect((await admin.post(`${surveysUrl()}/${surveyChat}/ask`, { conversationId })).json()).toEqual({
      questionId: 'q2',
    });
    const asked = (await viewer.get(prompt)).json();
    expect(asked).toMatchObject({ text: 'Would you like a care appointment?' });
    expect(asked.replies).toEqual([
      { value: 'c1', label: 'Yes' },
      { value: 'c2', label: 'No' },
    ]);
    // Not hers: another customer cannot read or answer it.
    expect((await host.get(prompt)).statusCode).toBe(404);
    expect((await host.post(prompt, { questionId: 'q2', value: 'c1' })).statusCode).toBe(404);

    expect((await viewer.post(prompt, { questionId: 'q2', value: 'c1' })).json()).toEqual({
      tagsAdded: ['wants care'],
      done: false,
    });
    expect((await viewer.post(prompt, { questionId: 'q2', value: 'c2' })).statusCode).toBe(409);
    expect((await viewer.get(prompt)).json().replies).toHaveLength(5);
    expect((await viewer.post(prompt, { questionId: 'q3', value: '9' })).statusCode).toBe(400);
    expect((await viewer.post(prompt, { questionId: 'q3', value: '4' })).json()).toEqual({ tagsAdded: [], done: true });
    expect((await viewer.get(prompt)).json()).toBeNull();
    const thread = (await viewer.get(`/api/me/conversations/${conversationId}/messages`)).json();
    expect(thread.items.map((m: { text: string }) => m.text).slice(-3)).toEqual([
      'After your visit: Would you like a care appointment?',
      'After your visit: Your advisor?',
      'Thank you for answering "After your visit".',
    ]);
    const results = (await admin.get(`${surveysUrl()}/${surveyChat}/results`)).json();
    expect(results.respondents).toBe(1);
    expect(results.questions[2].rating.average).toBe(4);
    expect((await admin.post(`${surveysUrl()}/${surveyChat}/ask`, { conversationId })).statusCode).toBe(409);
  });

  it('keeps surveys to the brand: other brands get 404, hosts cannot create or export, closed surveys refuse answers', async () => {
    const rival = await t.database.db.brand.findFirstOrThrow({ where: { name: 'Rival Goods' } });
    const rivalAdmin = await t.signedIn(`rival-admin-${rival.id}@example.com`);
    expect((await rivalAdmin.get(surveysUrl())).statusCode).toBe(404);
    expect((await rivalAdmin.get(`${surveysUrl()}/${surveyId}/results`)).statusCode).toBe(404);
    expect((await rivalAdmin.get(`/api/brands/${rival.id}/surveys/${surveyId}/results`)).statusCode).toBe(404);
    expect((await rivalAdmin.get(`/api/brands/${rival.id}/surveys/${surveyId}/responses.csv`)).statusCode).toBe(404);
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`${surveysUrl()}/${surveyId}/results`)).statusCode).toBe(200);
    expect((await host.get(`${surveysUrl()}/${surveyId}/responses.csv`)).statusCode).toBe(403);
    expect((await host.post(surveysUrl(), { title: 'x', questions: [] })).statusCode).toBe(403);
    expect((await admin.post(`${surveysUrl()}/${surveyId}/close`, {})).json().closedAt).not.toBeNull();
    const closed = await viewer.post(`/api/surveys/${surveyId}/answers`, {
      answers: [
        { questionId: 'q1', choiceIds: ['c1'] },
        { questionId: 'q3', rating: 1 },
      ],
    });
    expect(closed.statusCode).toBe(409);
  });

  it('moves her LINE menu when an answer puts her in another segment', async () => {
    const db = t.database.db;
    await admin.request('PUT', `/api/brands/${brandId}/line`, {
      channelSecret: '0123456789abcdef0123456789abcdef',
      channelAccessToken: 'channel-access-token-for-surveys-0123456789',
    });
    const bagSegment = await db.segment.create({ data: { brandId, name: 'Bags', filter: { tag: tags.bags } } });
    const grid = { kind: 'GRID', chatBarText: 'Menu', areas: [{ label: 'Chat', action: { type: 'chat' } }] };
    await admin.post(`/api/brands/${brandId}/menus`, { ...grid, name: 'All', placement: 'DEFAULT' });
    const bagsMenu = await admin.post(`/api/brands/${brandId}/menus`, {
      ...grid,
      name: 'Bags',
      placement: 'SEGMENT',
      segmentId: bagSegment.id,
    });
    const survey = await admin.post(surveysUrl(), {
      title: 'Quick one',
      questions: [
        {
          kind: 'SINGLE',
          text: 'Bags or shoes?',
          choices: [
            { label: 'Bags', tagIds: [tags.bags] },
            { label: 'Shoes', tagIds: [] },
          ],
        },
      ],
    });
    const moderator = await t.signedIn(demoAccounts.moderator);
    const user = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.moderator } });
    const lineUserId = 'U0000000000000000000000000000m0d';
    await db.follower.create({ data: { brandId, userId: user.id, lineUserId, name: 'Mo' } });
    await admin.post(`/api/brands/${brandId}/menus/line-sync`, {});
    expect(line.richMenus.links.has(lineUserId)).toBe(false);
    const answered = await moderator.post(`/api/surveys/${survey.json().id}/answers`, {
      answers: [{ questionId: 'q1', choiceIds: ['c1'] }],
    });
    expect(answered.json()).toEqual({ tagsAdded: ['likes bags'] });
    const rich = (await db.menu.findUniqueOrThrow({ where: { id: bagsMenu.json().id } })).lineRichMenuId;
    const end = Date.now() + 5000;
    while (line.richMenus.links.get(lineUserId) !== rich && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(line.richMenus.links.get(lineUserId)).toBe(rich);
  });
});
