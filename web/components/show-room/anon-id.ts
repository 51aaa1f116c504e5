/** A random id kept in local storage so an anonymous viewer counts once in a show's totals (shared key with the player). */
export function anonId(): string | undefined {
  try {
    const key = 'lc_anon_id';
    let value = localStorage.getItem(key);
    if (!value) {
      value = crypto.randomUUID().replaceAll('-', '');
      localStorage.setItem(key, value);
    }
    return value;
  } catch {
    return undefined;
  }
}
