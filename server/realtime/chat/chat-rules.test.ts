import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './chat-csv';
import { containsLink, findBlockedWord } from './chat-rules';

describe('chat rules', () => {
  it('finds links in their usual disguises and leaves ordinary text alone', () => {
    for (const text of [
      'https://x.test/a',
      'HTTP://X.TEST',
      'www.example',
      'deal at bags.shop',
      'bit.ly/abc',
      'javascript://x',
    ]) {
      expect(containsLink(text), text).toBe(true);
    }
    for (const text of ['I love it!', 'size 7.5 please', 'e.g. the red one', 'price: 12.99'])
      expect(containsLink(text), text).toBe(false);
  });

  it('matches blocked words as whole words, case and width insensitive, phrases too', () => {
    expect(findBlockedWord('what a SCAM', ['scam'])).toBe('scam');
    expect(findBlockedWord('ｓｃａｍ!', ['scam'])).toBe('scam');
    expect(findBlockedWord('scampi tonight', ['scam'])).toBeNull();
    expect(findBlockedWord('this is  fake   news.', ['fake news'])).toBe('fake news');
    expect(findBlockedWord('anything', [])).toBeNull();
  });
});

describe('chat CSV', () => {
  it('neutralises formula cells and quotes separators', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const start of ['+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('plain')).toBe('plain');
    expect(csvRow(['a,b', 'line\nbreak', 'ok'])).toBe('"a,b","line\nbreak",ok\r\n');
  });
});
