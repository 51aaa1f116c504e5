// Text rules for viewers' messages (staff are exempt). Messages are stored and sent as plain text; the
// web renders them as text nodes, never as HTML, so these rules are about spam, not about escaping.

// Schemes, www. hosts and bare domains with a common top-level domain ("shop.example.com", "bit.ly/x").
const linkPattern =
  /(\b[a-z][a-z0-9+.-]*:\/\/)|(\bwww\.)|(\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|net|org|io|co|ly|me|shop|store|app|xyz|info|biz|gg|tv|link|site|online|us|uk|de|fr|jp|cn|ru)\b)/i;

export const containsLink = (text: string): boolean => linkPattern.test(text);

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** The first blocked word found as a whole word (so "scam" does not block "scampi"). */
export function findBlockedWord(text: string, blockedWords: readonly string[]): string | null {
  if (blockedWords.length === 0) return null;
  const words = new Set(
    normalize(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  const spaced = ` ${normalize(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  for (const word of blockedWords) {
    const needle = normalize(word);
    if (needle.includes(' ') ? spaced.includes(` ${needle} `) : words.has(needle)) return word;
  }
  return null;
}
