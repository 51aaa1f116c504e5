// Message input limits and the list preview (unit).
import { describe, expect, it } from 'vitest';
import { conversationPatchSchema, customerSendSchema, staffBalloonSchema } from './conversation-schemas';
import { previewOf } from './conversation-view';

describe('message input', () => {
  it('takes 2,000 characters of text after NFC, keeps line breaks, refuses controls and blanks', () => {
    expect(customerSendSchema.safeParse({ text: 'a'.repeat(2000) }).success).toBe(true);
    expect(customerSendSchema.safeParse({ text: 'a'.repeat(2001) }).success).toBe(false);
    expect(customerSendSchema.parse({ text: 'line one\nline two' })).toEqual({ text: 'line one\nline two' });
    for (const text of ['', '   ', '\u200b', 'nul\u0000', 'bell\u0007', 'half \ud83d'])
      expect(customerSendSchema.safeParse({ text }).success, JSON.stringify(text)).toBe(false);
    // Composed to NFC: "e" + combining acute counts as one character.
    expect(customerSendSchema.parse({ text: 'e\u0301' })).toEqual({ text: '\u00e9' });
  });

  it('knows the staff balloon kinds and private notes', () => {
    expect(staffBalloonSchema.parse({ kind: 'TEXT', text: 'hi' })).toEqual({
      kind: 'TEXT',
      text: 'hi',
      private: false,
    });
    expect(staffBalloonSchema.safeParse({ kind: 'PRODUCT', productId: 'p1', private: true }).success).toBe(false);
    expect(staffBalloonSchema.safeParse({ kind: 'HTML', text: '<b>' }).success).toBe(false);
  });

  it('needs a time to snooze until, and something to change', () => {
    expect(conversationPatchSchema.safeParse({ status: 'SNOOZED' }).success).toBe(false);
    expect(conversationPatchSchema.safeParse({}).success).toBe(false);
    expect(conversationPatchSchema.safeParse({ status: 'SNOOZED', snoozedUntil: '2030-01-01T00:00:00Z' }).success).toBe(
      true,
    );
  });
});

describe('list preview', () => {
  it('cuts long text on whole characters, never half an emoji', () => {
    const text = `${'a'.repeat(138)}😀😀😀`;
    const preview = previewOf('TEXT', text);
    expect(Array.from(preview)).toHaveLength(140);
    expect(preview.endsWith('😀…')).toBe(true);
    expect(/\p{Surrogate}/u.test(preview.replace(/😀/gu, ''))).toBe(false);
    expect(previewOf('IMAGE', '')).toBe('[image]');
    expect(previewOf('PRODUCT', '', 'Tote')).toBe('[product] Tote');
  });
});
