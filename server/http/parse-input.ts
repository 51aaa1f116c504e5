import type { z } from 'zod';
import { AppError } from '../errors/app-error';

/** Parses untrusted input at the edge; a failure becomes VALIDATION_FAILED with a message per field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  const summary = first ? (first[0] === '_' ? first[1] : `${first[0]}: ${first[1]}`) : 'invalid input';
  throw new AppError('VALIDATION_FAILED', summary, fields);
}
