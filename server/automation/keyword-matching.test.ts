import { describe, expect, it } from 'vitest';
import { findMatchingRule, isRuleActive, normalizeText, type MatchableRule } from './keyword-matching';

const rule = (id: string, keywords: string[], extra: Partial<MatchableRule> = {}): MatchableRule => ({
  id,
  keywords,
  match: 'CONTAINS',
  priority: 0,
  enabled: true,
  timeZone: 'UTC',
  activeFrom: null,
  activeUntil: null,
  dailyFrom: null,
  dailyUntil: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...extra,
});
const now = new Date('2026-12-06T12:00:00Z');

describe('normalizeText', () => {
  it('folds case, full-width Latin and digits, half-width katakana and white space', () => {
    expect(normalizeText('ＳＡＬＥ　１２３')).toBe('sale 123');
    expect(normalizeText('ｾｰﾙ')).toBe('セール');
    expect(normalizeText('  Shipping\n\tCOST ')).toBe('shipping cost');
    expect(normalizeText('ส่งฟรี')).toBe('ส่งฟรี');
  });
});

describe('keyword matching', () => {
  it('matches full-width and half-width forms of the same Japanese and Latin keyword', () => {
    const rules = [rule('sale', ['セール', 'SALE'])];
    expect(findMatchingRule(rules, 'ｾｰﾙはいつですか？', now)?.keyword).toBe('セール');
    expect(findMatchingRule(rules, '冬のＳａｌｅ、まだ？', now)?.keyword).toBe('SALE');
    expect(findMatchingRule(rules, 'sale?', now)?.rule.id).toBe('sale');
    expect(findMatchingRule(rules, '営業時間は？', now)).toBeNull();
  });

  it('finds a Thai keyword inside a sentence written without spaces', () => {
    const rules = [rule('ship', ['ส่งฟรี', 'ค่าส่ง'])];
    expect(findMatchingRule(rules, 'สินค้านี้ส่งฟรีไหมคะ', now)?.keyword).toBe('ส่งฟรี');
    expect(findMatchingRule(rules, 'ค่าส่งเท่าไหร่', now)?.keyword).toBe('ค่าส่ง');
    expect(findMatchingRule(rules, 'สวัสดีค่ะ', now)).toBeNull();
  });

  it('exact rules need the whole message, contains rules a part of it', () => {
    const rules = [rule('exact', ['hours'], { match: 'EXACT' })];
    expect(findMatchingRule(rules, ' HOURS ', now)?.rule.id).toBe('exact');
    expect(findMatchingRule(rules, 'ＨＯＵＲＳ', now)?.rule.id).toBe('exact');
    expect(findMatchingRule(rules, 'opening hours?', now)).toBeNull();
  });

  it('the higher priority wins, then the older rule; disabled rules never answer', () => {
    const low = rule('low', ['bag'], { priority: 1 });
    const high = rule('high', ['bag'], { priority: 5, createdAt: new Date('2026-06-01T00:00:00Z') });
    const off = rule('off', ['bag'], { priority: 9, enabled: false });
    expect(findMatchingRule([low, high, off], 'is the bag back?', now)?.rule.id).toBe('high');
    const older = rule('older', ['bag'], { priority: 5, createdAt: new Date('2025-01-01T00:00:00Z') });
    expect(findMatchingRule([high, older], 'bag', now)?.rule.id).toBe('older');
  });

  it('answers only inside its active window, read in its own time zone', () => {
    // 2026-12-06 12:00 UTC is 21:00 in Tokyo and 19:00 in Bangkok.
    const tokyoEvening = rule('tokyo', ['x'], { timeZone: 'Asia/Tokyo', dailyFrom: '20:00', dailyUntil: '23:00' });
    const bangkokEvening = rule('bkk', ['x'], { timeZone: 'Asia/Bangkok', dailyFrom: '20:00', dailyUntil: '23:00' });
    expect(isRuleActive(tokyoEvening, now)).toBe(true);
    expect(isRuleActive(bangkokEvening, now)).toBe(false);
    const overnight = rule('night', ['x'], { timeZone: 'Europe/Paris', dailyFrom: '22:00', dailyUntil: '06:00' });
    expect(isRuleActive(overnight, new Date('2026-12-06T04:30:00Z'))).toBe(true); // 05:30 in Paris
    expect(isRuleActive(overnight, new Date('2026-12-06T06:30:00Z'))).toBe(false);
    const campaign = rule('xmas', ['x'], {
      timeZone: 'Asia/Tokyo',
      activeFrom: '2026-12-24T00:00',
      activeUntil: '2026-12-26T00:00',
    });
    expect(isRuleActive(campaign, new Date('2026-12-23T14:59:00Z'))).toBe(false); // 23:59 on the 23rd in Tokyo
    expect(isRuleActive(campaign, new Date('2026-12-23T15:00:00Z'))).toBe(true);
    expect(isRuleActive(campaign, new Date('2026-12-25T15:00:00Z'))).toBe(false);
  });
});
