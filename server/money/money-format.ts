// Amounts travel in minor units (what Stripe's API takes) with an ISO currency; this module turns them into text.
// It imports nothing, so the server (receipts, mail, LINE) and the web pages share it.

// Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal): an amount of 500 JPY is ¥500.
const zeroDecimal = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
// Three-decimal currencies: Stripe takes BHD, JOD, KWD, OMR and TND in thousandths; IQD and LYD are three-decimal in
// ISO 4217. Every other currency is two-decimal in the API, including Stripe's special cases ISK, HUF and TWD,
// which are charged in whole units but still written with two decimals (ISK 500 is 50000).
const threeDecimal = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** How many decimals one unit of `currency` is split into in an amount (0, 2 or 3). */
export function minorUnitExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (zeroDecimal.has(code)) return 0;
  if (threeDecimal.has(code)) return 3;
  return 2;
}

function currencyFormat(currency: string, locale: string | undefined): Intl.NumberFormat | null {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  } catch {
    return null; // not a well-formed currency code
  }
}

/** Decimals a person sees and types: Intl's, never more than the amount carries (ISK shows none). */
function shownDigits(currency: string): number {
  const exponent = minorUnitExponent(currency);
  const intl = currencyFormat(currency, 'en')?.resolvedOptions().maximumFractionDigits ?? exponent;
  return Math.min(intl, exponent);
}

/** 500000 JPY -> "¥500,000"; 1999 USD -> "$19.99"; 1500 KWD -> "KWD 1.500". `locale` undefined means the reader's. */
export function formatMoney(minor: number, currency: string, locale: string | undefined = 'en-US'): string {
  const major = minor / 10 ** minorUnitExponent(currency);
  const digits = shownDigits(currency);
  const format = currencyFormat(currency, locale);
  if (!format) return `${major.toFixed(digits)} ${currency.toUpperCase()}`;
  return format.format(major);
}

/** "19.99" -> 1999 for usd, "5000" -> 5000 for jpy; null when the text is not a non-negative amount with at most the shown decimals. */
export function parseMoneyToMinor(text: string, currency: string): number | null {
  const digits = shownDigits(currency);
  const exponent = minorUnitExponent(currency);
  const trimmed = text.trim().replace(',', '.');
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{0,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

/** 1999 -> "19.99" for usd, for an input field. */
export function minorToInput(minor: number, currency: string): string {
  return (minor / 10 ** minorUnitExponent(currency)).toFixed(shownDigits(currency));
}
