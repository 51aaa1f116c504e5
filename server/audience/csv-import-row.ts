import { z } from 'zod';

/** One customer row after validation: identifiers normalized, tags lowercased and de-duplicated. */
export interface ImportRow {
  line: number;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  /** LINE user id (from the brand's LINE official account), so the LINE channel can reach the customer. */
  lineUserId: string | null;
  name: string;
  tags: string[];
}

export interface RowError {
  line: number;
  reason: string;
}

const headerAliases: Record<string, keyof Omit<ImportRow, 'line'> | 'first_name' | 'last_name'> = {
  email: 'email',
  e_mail: 'email',
  email_address: 'email',
  phone: 'phone',
  phone_number: 'phone',
  mobile: 'phone',
  external_id: 'externalId',
  externalid: 'externalId',
  customer_id: 'externalId',
  id: 'externalId',
  name: 'name',
  full_name: 'name',
  first_name: 'first_name',
  last_name: 'last_name',
  tags: 'tags',
  line_user_id: 'lineUserId',
  line_id: 'lineUserId',
};

export function normalizeHeader(header: string): string {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return headerAliases[key] ?? `ignored:${header.trim()}`;
}

export function checkHeaders(columns: string[]): string | null {
  if (!columns.some((column) => column === 'email' || column === 'phone' || column === 'externalId')) {
    return 'the header needs at least one of: email, phone, external_id';
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column.startsWith('ignored:') && seen.has(column)) return `the column "${column}" appears twice`;
    seen.add(column);
  }
  return null;
}

const emailSchema = z.email();

export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s().-]/g, '');
  return /^\+?[0-9]{6,20}$/.test(digits) ? digits : null;
}

/** Validates one parsed record; never throws. */
export function validateRow(record: Record<string, string | undefined>, line: number): ImportRow | RowError {
  const text = (key: string) => (record[key] ?? '').trim();
  const rawEmail = text('email');
  const rawPhone = text('phone');
  const externalId = text('externalId');
  if (!rawEmail && !rawPhone && !externalId) return { line, reason: 'needs an email, a phone or an external id' };
  const email = rawEmail ? rawEmail.toLowerCase() : null;
  if (email && (email.length > 254 || !emailSchema.safeParse(email).success))
    return { line, reason: `"${rawEmail.slice(0, 80)}" is not a valid email` };
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone && !phone) return { line, reason: `"${rawPhone.slice(0, 40)}" is not a valid phone number` };
  if (externalId.length > 100) return { line, reason: 'the external id is longer than 100 characters' };
  const lineUserId = text('lineUserId');
  if (lineUserId && !/^U[0-9a-f]{32}$/.test(lineUserId))
    return { line, reason: `"${lineUserId.slice(0, 40)}" is not a LINE user id (U followed by 32 hex digits)` };
  const name = (text('name') || [text('first_name'), text('last_name')].filter(Boolean).join(' ')).replace(/\s+/g, ' ');
  if (name.length > 200) return { line, reason: 'the name is longer than 200 characters' };
  const tags = [
    ...new Set(
      text('tags')
        .split(/[;|,]/)
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (tags.some((tag) => tag.length > 60)) return { line, reason: 'a tag is longer than 60 characters' };
  if (tags.length > 20) return { line, reason: 'a row can carry at most 20 tags' };
  return { line, email, phone, externalId: externalId || null, lineUserId: lineUserId || null, name, tags };
}

export const isRowError = (value: ImportRow | RowError): value is RowError => 'reason' in value;
