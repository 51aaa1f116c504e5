// One formatter for every currency, shared by the server's mail and the web pages: zero-decimal (JPY, KRW),
// two-decimal (USD, THB, and Stripe's whole-unit ISK) and three-decimal (KWD) amounts in Stripe's minor units.
import { describe, expect, it } from 'vitest';
import {
  formatMoney as formatOnWeb,
  minorToInput as inputOnWeb,
  parseMoneyToMinor as parseOnWeb,
} from '../../web/format/money';
import { formatMoney, minorToInput, minorUnitExponent, parseMoneyToMinor } from './money-format';

// Intl separates a currency code from the number with a no-break space.
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('money in every currency', () => {
  it('knows the minor unit of zero-, two- and three-decimal currencies, in either case', () => {
    expect(['jpy', 'KRW', 'vnd', 'clp', 'ugx', 'xaf'].map(minorUnitExponent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['usd', 'thb', 'eur', 'isk', 'huf', 'twd'].map(minorUnitExponent)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(['kwd', 'BHD', 'jod', 'omr', 'tnd', 'iqd', 'lyd'].map(minorUnitExponent)).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });

  it('formats JPY, KRW, THB, USD and KWD amounts at their real size (¥5,000 is not ¥50)', () => {
    expect(formatMoney(5000, 'jpy')).toBe('¥5,000');
    expect(formatMoney(12000, 'krw')).toBe('₩12,000');
    expect(plain(formatMoney(125050, 'thb'))).toBe('THB 1,250.50');
    expect(formatMoney(1999, 'usd')).toBe('$19.99');
    expect(plain(formatMoney(12500, 'kwd'))).toBe('KWD 12.500');
    // ISK is charged in whole krónur but written with two decimals in Stripe's API: 50000 is ISK 500.
    expect(plain(formatMoney(50000, 'isk'))).toBe('ISK 500');
    expect(formatMoney(5000, 'jpy', 'ja-JP')).toMatch(/^[¥￥]5,000$/);
  });

  it('falls back to "amount CODE" when the code is not a currency Intl accepts', () => {
    expect(formatMoney(1999, 'u$d')).toBe('19.99 U$D');
  });

  it('reads and writes input fields with the shown decimals', () => {
    expect(parseMoneyToMinor('5000', 'jpy')).toBe(5000);
    expect(parseMoneyToMinor('50.5', 'jpy')).toBeNull();
    expect(parseMoneyToMinor('19.99', 'usd')).toBe(1999);
    expect(parseMoneyToMinor('19,9', 'usd')).toBe(1990);
    expect(parseMoneyToMinor('12.5', 'kwd')).toBe(12500);
    expect(parseMoneyToMinor('1.2345', 'kwd')).toBeNull();
    expect(parseMoneyToMinor('500', 'isk')).toBe(50000);
    expect(parseMoneyToMinor('-1', 'usd')).toBeNull();
    expect(minorToInput(5000, 'jpy')).toBe('5000');
    expect(minorToInput(1999, 'usd')).toBe('19.99');
    expect(minorToInput(12500, 'kwd')).toBe('12.500');
    expect(minorToInput(50000, 'isk')).toBe('500');
  });

  it('is the formatter the web pages use, in the reader locale', () => {
    const digits = (text: string) => text.replace(/\D/g, '');
    expect(formatOnWeb(5000, 'jpy')).toBe(formatMoney(5000, 'jpy', undefined));
    expect(digits(formatOnWeb(5000, 'jpy'))).toBe('5000');
    expect(digits(formatOnWeb(12000, 'krw'))).toBe('12000');
    expect(digits(formatOnWeb(125050, 'thb'))).toBe('125050');
    expect(digits(formatOnWeb(12500, 'kwd'))).toBe('12500');
    expect(parseOnWeb('5000', 'jpy')).toBe(5000);
    expect(inputOnWeb(1999, 'usd')).toBe('19.99');
  });
});
