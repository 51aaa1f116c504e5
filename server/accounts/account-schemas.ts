import { z } from 'zod';
import { textField } from '../fields/text-fields';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'enter a valid email address' }));

export const signUpSchema = z.object({
  email: emailSchema,
  password: z.string().min(8, 'use at least 8 characters').max(200, 'use at most 200 characters'),
  name: textField({ max: 80, required: true, requiredMessage: 'enter your name' }),
  /** Where the confirmation link leads once the account exists: a path on this site, nothing else. */
  next: z.string().max(500).regex(/^\/(?![/\\])/).catch('/').default('/'),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'enter your password').max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;
