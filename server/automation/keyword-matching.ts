// Keyword auto-replies: which rule answers a customer's message. Pure: the service loads the rules, this decides.
import { inDailySpan, zonedTime } from './zoned-time';

/**
 * The form both sides are compared in: NFKC folds full-width Latin and digits (ＳＡＬＥ１) and half-width katakana
 * (ｾｰﾙ) into their usual forms, then case is folded and runs of white space become one space. Thai and Japanese
 * have no case and are left as written.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

export interface MatchableRule {
  id: string;
  keywords: readonly string[];
  match: 'EXACT' | 'CONTAINS';
  priority: number;
  enabled: boolean;
  timeZone: string;
  /** Local "YYYY-MM-DDTHH:mm" in timeZone, inclusive; null = no start. */
  activeFrom: string | null;
  /** Local "YYYY-MM-DDTHH:mm" in timeZone, exclusive; null = no end. */
  activeUntil: string | null;
  /** Daily "HH:mm" span in timeZone; both null = all day. */
  dailyFrom: string | null;
  dailyUntil: string | null;
  createdAt: Date;
}

export function isRuleActive(rule: MatchableRule, at: Date): boolean {
  if (!rule.enabled) return false;
  if (!rule.activeFrom && !rule.activeUntil && !(rule.dailyFrom && rule.dailyUntil)) return true;
  const now = zonedTime(at, rule.timeZone);
  if (rule.activeFrom && now.local < rule.activeFrom) return false;
  if (rule.activeUntil && now.local >= rule.activeUntil) return false;
  if (rule.dailyFrom && rule.dailyUntil && !inDailySpan(now.minuteOfDay, rule.dailyFrom, rule.dailyUntil)) return false;
  return true;
}

export function keywordMatches(normalizedMessage: string, keyword: string, match: MatchableRule['match']): boolean {
  const wanted = normalizeText(keyword);
  if (!wanted) return false;
  return match === 'EXACT' ? normalizedMessage === wanted : normalizedMessage.includes(wanted);
}

/** Highest priority first, then the older rule; the first active rule with a matching keyword answers. */
export function findMatchingRule<Rule extends MatchableRule>(
  rules: readonly Rule[],
  message: string,
  at: Date,
): { rule: Rule; keyword: string } | null {
  const normalized = normalizeText(message);
  if (!normalized) return null;
  const ordered = [...rules].sort(
    (a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  for (const rule of ordered) {
    if (!isRuleActive(rule, at)) continue;
    const keyword = rule.keywords.find((candidate) => keywordMatches(normalized, candidate, rule.match));
    if (keyword !== undefined) return { rule, keyword };
  }
  return null;
}
