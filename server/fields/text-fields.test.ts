import { describe, expect, it } from 'vitest';
import { entityId, textField } from './text-fields';

const title = textField({ max: 20, required: true });
const body = textField({ max: 50, multiline: true });

describe('text fields', () => {
  it('refuses every C0 and C1 control character in single-line text', () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const char = String.fromCharCode(code);
      expect(title.safeParse(`a${char}b`).success, `U+${code.toString(16).padStart(4, '0')}`).toBe(false);
    }
  });

  it('keeps line breaks and tabs in multi-line text, still refuses NUL and escape', () => {
    expect(body.parse('one\ntwo\r\n\tthree')).toBe('one\ntwo\r\n\tthree');
    expect(body.safeParse('one\u0000two').success).toBe(false);
    expect(body.safeParse('one\u001btwo').success).toBe(false);
  });

  it('refuses a title made only of invisible characters', () => {
    for (const invisible of ['   ', '\u200b\u200b', '\u200d\u2060', '\u3164', '\u2800', '\u00a0\u202f', '\u0301']) {
      expect(title.safeParse(invisible).success, JSON.stringify(invisible)).toBe(false);
    }
    expect(title.parse(' Spring \u200btrunk ')).toBe('Spring \u200btrunk');
  });

  it('normalises to NFC and counts the limit after it', () => {
    expect(title.parse('Cafe\u0301')).toBe('Café');
    expect(title.safeParse('x'.repeat(21)).success).toBe(false);
  });

  it('refuses lone surrogates', () => {
    expect(title.safeParse('a\ud800b').success).toBe(false);
  });

  it('accepts ids that the database makes and nothing else', () => {
    expect(entityId.safeParse('cmb7x2k9q0000abcd').success).toBe(true);
    for (const bad of ['', '\u0000', '../x', 'a b', 'x'.repeat(41), '%00'])
      expect(entityId.safeParse(bad).success).toBe(false);
  });
});
