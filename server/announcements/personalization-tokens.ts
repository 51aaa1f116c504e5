// Personalization tokens: `{{name}}`, `{{name | default: "there"}}`. One pass, no recursion: a value that itself
// looks like a token (a follower named "{{show_url}}") is inserted literally. The output is plain text; each
// channel escapes it for its own medium (HTML for email, text nodes in the inbox).
export const tokenNames = ['name', 'first_name', 'brand', 'show_title', 'show_start', 'show_url'] as const;
export type TokenName = (typeof tokenNames)[number];
export type TokenValues = Partial<Record<TokenName, string>>;

const tokenPattern = /\{\{\s*([a-z_]+)\s*(?:\|\s*default:\s*(?:"([^"]*)"|'([^']*)')\s*)?\}\}/g;
const anyBraces = /\{\{[^}]*\}\}/g;

export function renderTokens(template: string, values: TokenValues): string {
  return template.replace(tokenPattern, (_match, name: string, doubleQuoted?: string, singleQuoted?: string) => {
    const value = (values as Record<string, string | undefined>)[name]?.trim();
    if (value) return value;
    return doubleQuoted ?? singleQuoted ?? '';
  });
}

/** Token-looking fragments that are not valid tokens (unknown name or broken syntax), for validation at save time. */
export function invalidTokens(template: string): string[] {
  const bad: string[] = [];
  for (const fragment of template.match(anyBraces) ?? []) {
    tokenPattern.lastIndex = 0;
    const match = new RegExp(`^${tokenPattern.source}$`).exec(fragment);
    if (!match || !(tokenNames as readonly string[]).includes(match[1] ?? '')) bad.push(fragment);
  }
  return bad;
}

export const hasTokens = (template: string): boolean => /\{\{/.test(template);

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
