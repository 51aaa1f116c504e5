import { describe, expect, it } from 'vitest';
import { matchOrderKeyword } from './keyword-match';

describe('order keyword in chat', () => {
  const keywords = ['SOLD', '+1'];
  it('matches the whole message, any case or width, with an optional quantity', () => {
    expect(matchOrderKeyword('SOLD', keywords)).toEqual({ quantity: 1 });
    expect(matchOrderKeyword('  sold  ', keywords)).toEqual({ quantity: 1 });
    expect(matchOrderKeyword('ＳＯＬＤ ２', keywords)).toEqual({ quantity: 2 });
    expect(matchOrderKeyword('+1', keywords)).toEqual({ quantity: 1 });
    expect(matchOrderKeyword('Sold 10', keywords)).toEqual({ quantity: 10 });
  });
  it('leaves ordinary chat alone', () => {
    expect(matchOrderKeyword('sold out already?', keywords)).toBeNull();
    expect(matchOrderKeyword('SOLD 0', keywords)).toBeNull();
    expect(matchOrderKeyword('SOLD 11', keywords)).toBeNull();
    expect(matchOrderKeyword('+10', keywords)).toBeNull();
    expect(matchOrderKeyword('SOLD', [])).toBeNull();
  });
});
