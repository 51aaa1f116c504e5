// The console's side of automation: settings (welcome, hours, away, idle time), keyword rules, statistics.
import type { AutoReplyRule, AutomationSettings } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { defaultHumanKeywords } from './conversation-mode';
import type {
  AutomationBalloon,
  AutomationStats,
  RuleInput,
  RuleView,
  SettingsInput,
  SettingsView,
} from './automation-schemas';

export const maxRulesPerBrand = 200;

const balloons = (value: unknown) => (Array.isArray(value) ? (value as AutomationBalloon[]) : []);

export function toRuleView(rule: AutoReplyRule): RuleView {
  const { brandId: _brand, updatedAt: _updated, balloons: stored, createdAt, ...rest } = rule;
  return { ...rest, balloons: balloons(stored), createdAt: createdAt.toISOString() };
}

export const defaultSettings = (brandId: string): SettingsView => ({
  brandId,
  welcomeEnabled: false,
  welcomeBalloons: [],
  timeZone: 'UTC',
  hours: [],
  awayEnabled: false,
  awayBalloons: [],
  botIdleMinutes: 30,
  humanKeywords: defaultHumanKeywords,
});

export function toSettingsView(row: AutomationSettings | null, brandId: string): SettingsView {
  if (!row) return defaultSettings(brandId);
  return {
    brandId,
    welcomeEnabled: row.welcomeEnabled,
    welcomeBalloons: balloons(row.welcomeBalloons),
    timeZone: row.timeZone,
    hours: Array.isArray(row.hours) ? (row.hours as SettingsView['hours']) : [],
    awayEnabled: row.awayEnabled,
    awayBalloons: balloons(row.awayBalloons),
    botIdleMinutes: row.botIdleMinutes,
    humanKeywords: row.humanKeywords.length ? row.humanKeywords : defaultHumanKeywords,
  };
}

/** Products and images in balloons must be the brand's own: another brand's product id answers a field error. */
async function checkBalloons(db: Database, brandId: string, lists: Record<string, AutomationBalloon[]>): Promise<void> {
  for (const [field, list] of Object.entries(lists)) {
    for (const [index, balloon] of list.entries()) {
      if (balloon.type === 'product') {
        const product = await db.product.findFirst({
          where: { id: balloon.productId, brandId, archivedAt: null },
          select: { id: true },
        });
        if (!product)
          throw new AppError('VALIDATION_FAILED', `${field}.${index}.productId: not one of this brand's products`, {
            [`${field}.${index}.productId`]: 'not one of this brand’s products',
          });
      }
      if (balloon.type === 'image' && !balloon.imageKey.startsWith(`${brandId.toLowerCase().slice(0, 40)}/`)) {
        throw new AppError('VALIDATION_FAILED', `${field}.${index}.imageKey: upload the image for this brand`, {
          [`${field}.${index}.imageKey`]: 'upload the image for this brand',
        });
      }
    }
  }
}

export async function getSettings(db: Database, brandId: string): Promise<SettingsView> {
  return toSettingsView(await db.automationSettings.findUnique({ where: { brandId } }), brandId);
}

export async function saveSettings(db: Database, brandId: string, input: SettingsInput): Promise<SettingsView> {
  await checkBalloons(db, brandId, { welcomeBalloons: input.welcomeBalloons, awayBalloons: input.awayBalloons });
  const data = {
    ...input,
    welcomeBalloons: input.welcomeBalloons,
    awayBalloons: input.awayBalloons,
    hours: input.hours,
  };
  const row = await db.automationSettings.upsert({ where: { brandId }, create: { brandId, ...data }, update: data });
  return toSettingsView(row, brandId);
}

export async function listRules(db: Database, brandId: string): Promise<RuleView[]> {
  const rules = await db.autoReplyRule.findMany({
    where: { brandId },
    orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }],
  });
  return rules.map(toRuleView);
}

export async function createRule(db: Database, brandId: string, input: RuleInput): Promise<RuleView> {
  await checkBalloons(db, brandId, { balloons: input.balloons });
  if ((await db.autoReplyRule.count({ where: { brandId } })) >= maxRulesPerBrand)
    throw new AppError('CONFLICT', `a brand can have at most ${maxRulesPerBrand} rules`);
  return toRuleView(await db.autoReplyRule.create({ data: { brandId, ...input } }));
}

export async function updateRule(db: Database, brandId: string, ruleId: string, input: RuleInput): Promise<RuleView> {
  await checkBalloons(db, brandId, { balloons: input.balloons });
  const { count } = await db.autoReplyRule.updateMany({ where: { id: ruleId, brandId }, data: input });
  if (count === 0) throw notFound('rule');
  return toRuleView(await db.autoReplyRule.findUniqueOrThrow({ where: { id: ruleId } }));
}

export async function deleteRule(db: Database, brandId: string, ruleId: string): Promise<void> {
  const { count } = await db.autoReplyRule.deleteMany({ where: { id: ruleId, brandId } });
  if (count === 0) throw notFound('rule');
}

/**
 * Hits per rule and keyword, the most frequent unmatched questions, and the orders a customer placed (paid, or paid
 * and refunded since) within 24 hours after an auto-reply of that rule; an order counts once per rule.
 */
export async function automationStats(db: Database, brandId: string, days: number): Promise<AutomationStats> {
  const since = new Date(Date.now() - days * 86_400_000);
  const [rules, perKeyword, orders, unmatched] = await Promise.all([
    db.autoReplyRule.findMany({
      where: { brandId },
      select: { id: true, name: true },
      orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }],
    }),
    db.autoReplyHit.groupBy({
      by: ['ruleId', 'keyword'],
      where: { brandId, createdAt: { gte: since } },
      _count: { _all: true },
    }),
    db.$queryRaw<{ ruleId: string; orders: bigint }[]>`
      SELECT h."ruleId", COUNT(DISTINCT o.id) AS orders
      FROM "AutoReplyHit" h
      JOIN "Order" o ON o."buyerId" = h."userId" AND o."brandId" = h."brandId"
        AND o."createdAt" >= h."createdAt" AND o."createdAt" < h."createdAt" + interval '24 hours'
        AND o.status IN ('PAID', 'REFUNDED')
      WHERE h."brandId" = ${brandId} AND h."createdAt" >= ${since} AND h."userId" IS NOT NULL
      GROUP BY h."ruleId"`,
    db.unmatchedQuestion.findMany({
      where: { brandId, lastAskedAt: { gte: since } },
      orderBy: [{ count: 'desc' }, { lastAskedAt: 'desc' }],
      take: 20,
    }),
  ]);
  const ordersByRule = new Map(orders.map((row) => [row.ruleId, Number(row.orders)]));
  const view = rules.map((rule) => {
    const keywords = perKeyword
      .filter((row) => row.ruleId === rule.id)
      .map((row) => ({ keyword: row.keyword, hits: row._count._all }))
      .sort((a, b) => b.hits - a.hits || a.keyword.localeCompare(b.keyword));
    return {
      ruleId: rule.id,
      name: rule.name,
      hits: keywords.reduce((sum, row) => sum + row.hits, 0),
      ordersWithin24h: ordersByRule.get(rule.id) ?? 0,
      keywords,
    };
  });
  const totalOrders = await db.$queryRaw<{ orders: bigint }[]>`
    SELECT COUNT(DISTINCT o.id) AS orders
    FROM "AutoReplyHit" h
    JOIN "Order" o ON o."buyerId" = h."userId" AND o."brandId" = h."brandId"
      AND o."createdAt" >= h."createdAt" AND o."createdAt" < h."createdAt" + interval '24 hours'
      AND o.status IN ('PAID', 'REFUNDED')
    WHERE h."brandId" = ${brandId} AND h."createdAt" >= ${since} AND h."userId" IS NOT NULL`;
  return {
    days,
    rules: view,
    unmatched: unmatched.map((row) => ({
      text: row.normalized,
      sample: row.sample,
      count: row.count,
      lastAskedAt: row.lastAskedAt.toISOString(),
    })),
    totals: {
      hits: view.reduce((sum, rule) => sum + rule.hits, 0),
      ordersWithin24h: Number(totalOrders[0]?.orders ?? 0),
      unmatched: unmatched.reduce((sum, row) => sum + row.count, 0),
    },
  };
}
