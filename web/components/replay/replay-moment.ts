// A moment of a show's replay as a link: `?t=<seconds>` counts from the show's start (its first program date time
// is when it went live), so the same number names the same frame for the page, the chapters and the link preview.

/** The program date time (ms) that `?t=` names, or null when it is absent or not a number of seconds. */
export function momentOf(startedAt: string | null, t: string | null | undefined): number | null {
  if (!startedAt || !t || !/^\d{1,6}$/.test(t)) return null;
  return Date.parse(startedAt) + Number(t) * 1000;
}

/**
 * The `?t=` of a moment: whole seconds from the show's start, rounded up, so the frame it names comes just after the
 * moment (a pin's link lands with the product already pinned). Never negative.
 */
export function secondsOf(startedAt: string | null, mediaTimeMs: number): number {
  return startedAt ? Math.max(0, Math.ceil((mediaTimeMs - Date.parse(startedAt)) / 1000)) : 0;
}

export const momentLabel = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
