// The brand's order keyword in a chat message: "SOLD", "+1", "sold 2" (NFKC and case folded, so a full-width
// "ＳＯＬＤ" counts). Only the whole message: "sold out already?" is chat, not an order.

export const maxKeywordQuantity = 10;

export function matchOrderKeyword(text: string, keywords: readonly string[]): { quantity: number } | null {
  const said = text.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
  for (const keyword of keywords) {
    const word = keyword.normalize('NFKC').trim().toUpperCase();
    if (!word) continue;
    if (said === word) return { quantity: 1 };
    if (!said.startsWith(`${word} `)) continue;
    const count = said.slice(word.length + 1);
    if (/^[1-9]\d?$/.test(count) && Number(count) <= maxKeywordQuantity) return { quantity: Number(count) };
  }
  return null;
}
