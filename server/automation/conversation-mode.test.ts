import { describe, expect, it } from 'vitest';
import { afterStaffReply, asksForHuman, decideOnCustomerMessage, effectiveMode } from './conversation-mode';

const options = { idleMinutes: 30, humanKeywords: [] as string[] };
const t0 = new Date('2026-12-06T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('bot and human mode', () => {
  it('starts in bot mode: the bot answers', () => {
    expect(decideOnCustomerMessage({ mode: 'bot', lastHumanReplyAt: null }, 'price?', t0, options)).toEqual({
      answer: 'bot',
      mode: 'bot',
    });
  });

  it('switches to human mode when the customer asks for a person, in any of the usual languages and widths', () => {
    for (const text of ['Can I talk to a HUMAN?', '担当者をお願いします', 'ขอคุยกับเจ้าหน้าที่ค่ะ', 'ＡＧＥＮＴ please']) {
      expect(decideOnCustomerMessage({ mode: 'bot', lastHumanReplyAt: null }, text, t0, options), text).toEqual({
        answer: 'handover',
        mode: 'human',
      });
    }
    expect(asksForHuman('talk to Mika', ['mika'])).toBe(true);
    expect(asksForHuman('talk to a human', ['mika'])).toBe(false); // a brand's own list replaces the default one
  });

  it('a person’s reply puts it in human mode, where the bot stays quiet until the idle time has passed', () => {
    const state = afterStaffReply(t0);
    expect(decideOnCustomerMessage(state, 'thanks, and the price?', minutes(29), options)).toEqual({
      answer: 'none',
      mode: 'human',
    });
    expect(effectiveMode(state, minutes(29), 30)).toBe('human');
    expect(effectiveMode(state, minutes(30), 30)).toBe('bot');
    expect(decideOnCustomerMessage(state, 'hello again', minutes(31), options)).toEqual({ answer: 'bot', mode: 'bot' });
  });

  it('a customer who asked for a person is not answered by the bot before anyone replies', () => {
    expect(effectiveMode({ mode: 'human', lastHumanReplyAt: null }, minutes(600), 30)).toBe('human');
  });
});
