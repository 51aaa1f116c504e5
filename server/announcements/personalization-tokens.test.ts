import { describe, expect, it } from 'vitest';
import { invalidTokens, renderTokens } from './personalization-tokens';

describe('personalization tokens', () => {
  it('fills tokens and falls back to the default', () => {
    expect(renderTokens('Hi {{name | default: "there"}}!', { name: 'Ada' })).toBe('Hi Ada!');
    expect(renderTokens('Hi {{name | default: "there"}}!', { name: '  ' })).toBe('Hi there!');
    expect(renderTokens("Hi {{ first_name|default:'friend' }}", {})).toBe('Hi friend');
    expect(
      renderTokens('{{brand}} goes live {{show_start}}', { brand: 'Acme', show_start: '1 Dec 2026, 18:00 UTC' }),
    ).toBe('Acme goes live 1 Dec 2026, 18:00 UTC');
  });

  it('renders a missing value without a default as nothing', () => {
    expect(renderTokens('Hi {{name}}.', {})).toBe('Hi .');
  });

  it('inserts values literally, once: a name that looks like a token is not expanded', () => {
    expect(renderTokens('Hi {{name}}', { name: '{{show_url}}', show_url: 'https://evil' })).toBe('Hi {{show_url}}');
  });

  it('reports unknown tokens and broken syntax', () => {
    expect(invalidTokens('Hi {{name}} and {{nmae}}')).toEqual(['{{nmae}}']);
    expect(invalidTokens('Hi {{name | default: there}}')).toEqual(['{{name | default: there}}']);
    expect(invalidTokens('Hi {{ name | default: "x" }}')).toEqual([]);
  });
});
