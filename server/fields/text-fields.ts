import { z } from 'zod';

// The field schemas every edge shares (HTTP bodies, queries and paths, socket payloads), so a class of bad input
// is refused the same way everywhere: a NUL byte never reaches PostgreSQL (which rejects it in text and fails the
// whole statement), and a title cannot be made only of characters nobody can see.

// C0 and C1 control characters; multi-line text keeps tab, line feed and carriage return.
const anyControl = /\p{Cc}/u;
const controlExceptLineBreaks = /[^\P{Cc}\t\n\r]/u;
// At least one character that is not white space, a format character (zero-width space, joiners, bidi marks),
// a combining mark alone, or one of the blank letters (Hangul fillers, braille blank).
const visibleCharacter = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/u;

export const hasVisibleCharacter = (text: string): boolean => visibleCharacter.test(text);

export interface TextFieldOptions {
  max: number;
  /** Require at least one visible character (titles, names, messages). */
  required?: boolean;
  /** Allow line breaks and tabs (descriptions, messages). */
  multiline?: boolean;
  /** What to say when a required field has no visible text ("enter a title"). */
  requiredMessage?: string;
}

/** A user-written string: well-formed Unicode, NFC-normalised, trimmed, no control characters. */
export function textField({
  max,
  required = false,
  multiline = false,
  requiredMessage = 'enter some visible text',
}: TextFieldOptions) {
  const controls = multiline ? controlExceptLineBreaks : anyControl;
  return (
    z
      .string()
      // A lone surrogate (half of an emoji) cannot be stored as UTF-8.
      .refine((text) => !/\p{Surrogate}/u.test(text), 'remove broken characters')
      .transform((text) => text.normalize('NFC').trim())
      .refine((text) => !controls.test(text), 'remove control characters')
      .refine((text) => text.length <= max, `use at most ${max} characters`)
      .refine((text) => !required || hasVisibleCharacter(text), requiredMessage)
  );
}

/** Ids in paths, queries and payloads: what cuid() and newId() make, nothing else reaches a query. */
export const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'unknown id');
