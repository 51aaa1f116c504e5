// What the automation does when a customer writes or follows: the mode decision, keyword rules, the away message
// and the welcome. It reacts to customer messages only (the conversations' onCustomerMessage hook) and answers with
// bot messages, which call no hook: so no rule's answer can ever trigger another rule.
import type { Database } from '../database/prisma-client';
import type { Balloon, CustomerMessageEvent } from '../conversations/conversation-ports';
import type { AutomationBalloon, SettingsView } from './automation-schemas';
import { toRuleView, toSettingsView } from './automation-service';
import { isOpen } from './business-hours';
import { decideOnCustomerMessage, effectiveMode } from './conversation-mode';
import type { AutomationStatsWriter } from './automation-stats-writer';
import { findMatchingRule, normalizeText, type MatchableRule } from './keyword-matching';

/** What the engine needs from the conversations domain (its service functions on its context). */
export interface ConversationActions {
  sendBot(input: { brandId: string; conversationId: string; balloon: Balloon; botName: string }): Promise<void>;
  setMode(brandId: string, conversationId: string, mode: 'BOT' | 'HUMAN'): Promise<void>;
  conversationForFollower(brandId: string, followerId: string, via: 'line' | 'web'): Promise<string>;
  /** These balloons belong together: a channel that can send them as one message (LINE) waits for all of them. */
  expectBatch?(conversationId: string, count: number): void;
}

export const handoverText = 'Thank you. A member of our team will answer you here shortly.';
/** The away message goes to one conversation at most once in this time. */
export const awayRepeatMs = 6 * 60 * 60_000;
const rulesCacheMs = 2_000;

export const botNames = {
  rule: 'Auto-reply',
  welcome: 'Welcome',
  away: 'Away message',
  handover: 'Auto-reply',
} as const;

const toConversationBalloon = (balloon: AutomationBalloon): Balloon =>
  balloon.type === 'text'
    ? { kind: 'text', text: balloon.text }
    : balloon.type === 'image'
      ? { kind: 'image', imageKey: balloon.imageKey }
      : { kind: 'product', productId: balloon.productId };

type CachedRules = { at: number; rules: (MatchableRule & { balloons: AutomationBalloon[] })[]; settings: SettingsView };

export function createAutomationEngine(deps: {
  db: Database;
  actions: ConversationActions;
  /** Hits and unmatched questions go through it (buffered, written behind the conversation). */
  stats: Pick<AutomationStatsWriter, 'recordHit' | 'recordUnmatched'>;
  clock?: () => Date;
  log: { warn(object: object, message: string): void };
}) {
  const { db, actions, stats } = deps;
  const now = deps.clock ?? (() => new Date());
  const cache = new Map<string, CachedRules>();

  /** Brands changed here (invalidate) while prime() reads: what it read of them may be older than the change. */
  let changedWhilePriming: Set<string> | null = null;

  /** The enabled rules and settings of these brands, two queries whatever their number (same shape for one). */
  async function readBrands(brandIds: string[]): Promise<Map<string, CachedRules>> {
    const at = Date.now();
    const [rules, settings] = await Promise.all([
      db.autoReplyRule.findMany({ where: { brandId: { in: brandIds }, enabled: true } }),
      db.automationSettings.findMany({ where: { brandId: { in: brandIds } } }),
    ]);
    const read = new Map<string, CachedRules>(
      brandIds.map((brandId) => [brandId, { at, rules: [], settings: toSettingsView(null, brandId) }]),
    );
    for (const rule of rules) read.get(rule.brandId)?.rules.push({ ...toRuleView(rule), createdAt: rule.createdAt });
    for (const row of settings) read.get(row.brandId)!.settings = toSettingsView(row, row.brandId);
    return read;
  }

  // One read per brand at a time: the messages that find the cache stale meanwhile share it.
  const loading = new Map<string, Promise<CachedRules>>();

  function read(brandId: string): Promise<CachedRules> {
    const pending = loading.get(brandId);
    if (pending) return pending;
    const reading = readBrands([brandId]).then((read) => read.get(brandId)!);
    loading.set(brandId, reading);
    void reading
      .then((fresh) => {
        // A change made while reading (invalidate) leaves no entry: the next message reads again.
        if (loading.get(brandId) === reading) cache.set(brandId, fresh);
      })
      .catch(() => {})
      .finally(() => {
        if (loading.get(brandId) === reading) loading.delete(brandId);
      });
    return reading;
  }

  /**
   * The brand's rules and settings. A stale entry (older than rulesCacheMs: another process may have changed them)
   * still answers this message while a read refreshes it behind, so no customer waits for that read; only a brand
   * never read (or just changed here, see invalidate) is read first.
   */
  async function load(brandId: string): Promise<CachedRules> {
    const cached = cache.get(brandId);
    if (cached && Date.now() - cached.at < rulesCacheMs) return cached;
    if (!cached) return read(brandId);
    read(brandId).catch((error: unknown) =>
      deps.log.warn({ err: error, brandId }, 'automation: refreshing the rules failed; the previous ones answer'),
    );
    return cached;
  }

  async function send(
    brandId: string,
    conversationId: string,
    balloons: AutomationBalloon[],
    botName: string,
  ): Promise<void> {
    actions.expectBatch?.(conversationId, balloons.length);
    for (const balloon of balloons)
      await actions.sendBot({ brandId, conversationId, balloon: toConversationBalloon(balloon), botName });
  }

  async function awayAlreadySent(conversationId: string, at: Date): Promise<boolean> {
    const recent = await db.conversationMessage.findFirst({
      where: {
        conversationId,
        sender: 'BOT',
        authorName: botNames.away,
        createdAt: { gte: new Date(at.getTime() - awayRepeatMs) },
      },
      select: { id: true },
    });
    return recent !== null;
  }

  function recordUnmatched(brandId: string, text: string, at: Date): void {
    const normalized = normalizeText(text).slice(0, 200);
    if (normalized) stats.recordUnmatched({ brandId, normalized, sample: text.slice(0, 200), at });
  }

  return {
    /**
     * Reads every brand's enabled rules and settings in two queries when the process starts, before customers
     * write: the first message of each brand then waits for no read (nor for compiling these queries).
     */
    async prime(): Promise<void> {
      const changed = new Set<string>();
      changedWhilePriming = changed;
      try {
        const brands = await db.brand.findMany({ select: { id: true } });
        for (let at = 0; at < brands.length; at += 1000) {
          const read = await readBrands(brands.slice(at, at + 1000).map((brand) => brand.id));
          for (const [brandId, rules] of read) {
            // A message already read it, or the console changed it meanwhile: that answer stands.
            if (cache.has(brandId) || loading.has(brandId) || changed.has(brandId)) continue;
            cache.set(brandId, rules);
          }
        }
      } finally {
        if (changedWhilePriming === changed) changedWhilePriming = null;
      }
    },

    /** Forget cached rules and settings of a brand (the console changed them in this process). */
    invalidate(brandId: string) {
      changedWhilePriming?.add(brandId);
      cache.delete(brandId);
      loading.delete(brandId);
    },

    /** The conversations' onCustomerMessage hook. */
    async onCustomerMessage(event: CustomerMessageEvent): Promise<void> {
      if (event.message.sender !== 'CUSTOMER') return;
      const at = now();
      const { brandId } = event;
      const conversationId = event.conversation.id;
      const { rules, settings } = await load(brandId);
      const text = event.message.kind === 'TEXT' ? event.message.text : '';
      const state = {
        mode: event.mode === 'HUMAN' ? ('human' as const) : ('bot' as const),
        lastHumanReplyAt: event.lastHumanReplyAt,
      };
      const decision = decideOnCustomerMessage(state, text, at, {
        idleMinutes: settings.botIdleMinutes,
        humanKeywords: settings.humanKeywords,
      });
      if (decision.answer === 'none') return;
      // Human mode that lapsed after the idle time goes back to the bot before it answers.
      if (state.mode === 'human' && effectiveMode(state, at, settings.botIdleMinutes) === 'bot')
        await actions.setMode(brandId, conversationId, 'BOT');
      if (decision.answer === 'handover') {
        await actions.setMode(brandId, conversationId, 'HUMAN');
        const open = isOpen(settings.hours, settings.timeZone, at);
        if (!open && settings.awayEnabled) await send(brandId, conversationId, settings.awayBalloons, botNames.away);
        else await send(brandId, conversationId, [{ type: 'text', text: handoverText }], botNames.handover);
        return;
      }
      const matched = text ? findMatchingRule(rules, text, at) : null;
      if (matched) {
        // The statistics row is written behind the answer (automation-stats-writer.ts), never before it.
        stats.recordHit({
          brandId,
          ruleId: matched.rule.id,
          keyword: matched.keyword,
          conversationId,
          userId: event.conversation.customer?.userId ?? null,
          at,
        });
        await send(brandId, conversationId, matched.rule.balloons, botNames.rule);
        return;
      }
      if (text) recordUnmatched(brandId, text, at);
      if (
        settings.awayEnabled &&
        !isOpen(settings.hours, settings.timeZone, at) &&
        !(await awayAlreadySent(conversationId, at))
      ) {
        await send(brandId, conversationId, settings.awayBalloons, botNames.away);
      }
    },

    /** A customer followed the brand (on LINE, or on the site): the welcome balloons in her conversation. */
    async onFollow(input: { brandId: string; followerId: string; via?: 'line' | 'web' }): Promise<void> {
      const { settings } = await load(input.brandId);
      if (!settings.welcomeEnabled || settings.welcomeBalloons.length === 0) return;
      const conversationId = await actions.conversationForFollower(
        input.brandId,
        input.followerId,
        input.via ?? 'line',
      );
      await send(input.brandId, conversationId, settings.welcomeBalloons, botNames.welcome);
    },
  };
}
export type AutomationEngine = ReturnType<typeof createAutomationEngine>;
