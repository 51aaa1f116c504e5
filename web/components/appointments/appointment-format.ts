// Times are shown in the boutique's time zone (where she will be), with the zone named.
const styles = {
  time: { hour: '2-digit', minute: '2-digit' },
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  'short-day': { weekday: 'short', day: 'numeric' },
  full: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function formatInZone(iso: string, timeZone: string, style: keyof typeof styles = 'full'): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, ...styles[style] };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
}

export const dayKey = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );

export const kindLabels = {
  PRIVATE_VIEWING: 'Private viewing',
  PRODUCT_CARE: 'Product care',
  FITTING: 'Fitting',
  VIRTUAL: 'Virtual one-to-one',
} as const;
