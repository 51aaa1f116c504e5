// Personalization tokens: `{{name}}`, `{{name | default: "there"}}`. One pass, no recursion: a value that itself
// looks like a token (a follower named "{{show_url}}") is inserted literally. The output is plain text; each
// channel escapes it for its own medium (HTML for email, text nodes in the inbox).
//
// A template is compiled once into parts (literal text and token references). The same parts are rendered in
// JavaScript (preview) and compiled to SQL (enqueueing 100,000 followers in one INSERT … SELECT), so both agree.
export const tokenNames = ['name', 'first_name', 'brand', 'show_title', 'show_start', 'show_url'] as const;
export type TokenName = (typeof tokenNames)[number];
export type TokenValues = Partial<Record<TokenName, string>>;
export type TemplatePart = { text: string } | { token: TokenName; fallback: string };

const tokenPattern = /\{\{\s*([a-z_]+)\s*(?:\|\s*default:\s*(?:"([^"]*)"|'([^']*)')\s*)?\}\}/g;
const anyBraces = /\{\{[^}]*\}\}/g;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(tokenPattern)) {
    const name = match[1] as TokenName;
    if (!(tokenNames as readonly string[]).includes(name)) continue;
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ token: name, fallback: match[2] ?? match[3] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** Whitespace runs collapsed and ends trimmed; the SQL renderer applies the same rule. */
export const normalizeValue = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

export function renderParts(parts: TemplatePart[], values: TokenValues): string {
  return parts
    .map((part) => ('text' in part ? part.text : normalizeValue(values[part.token]) || part.fallback))
    .join('');
}

export const renderTokens = (template: string, values: TokenValues): string =>
  renderParts(parseTemplate(template), values);

/** Token-looking fragments that are not valid tokens (unknown name or broken syntax), for validation at save time. */
export function invalidTokens(template: string): string[] {
  const bad: string[] = [];
  for (const fragment of template.match(anyBraces) ?? []) {
    const match = new RegExp(`^${tokenPattern.source}$`).exec(fragment);
    if (!match || !(tokenNames as readonly string[]).includes(match[1] ?? '')) bad.push(fragment);
  }
  return bad;
}

export const hasTokens = (template: string): boolean => parseTemplate(template).some((part) => 'token' in part);

export function firstName(name: string): string {
  return normalizeValue(name).split(' ')[0] ?? '';
}
