import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, listSchema } from '../http/route-schemas';

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
  next: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])/)
    .catch('/')
    .default('/'),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'enter your password').max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

// ---- Answers and routes (server/http/route-schemas.ts) ----

// ADVISOR: a client advisor (chats and customers only, server/conversations/conversation-access.ts).
export const staffRoles = ['ADMIN', 'HOST', 'MODERATOR', 'ADVISOR'] as const;
export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type User = z.infer<typeof userSchema>;
export const membershipSchema = z.object({
  brandId: z.string(),
  brandName: z.string(),
  brandSlug: z.string(),
  role: staffRoleSchema,
});
export type Membership = z.infer<typeof membershipSchema>;
export const meSchema = z.object({ user: userSchema, memberships: z.array(membershipSchema) });
export type Me = z.infer<typeof meSchema>;
export const staffMemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: staffRoleSchema,
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

const brandParams = z.object({ brandId: entityId });
const tags = ['Accounts'] as const;

export const accountRoutes = {
  csrf: defineRoute({
    method: 'GET',
    path: '/api/auth/csrf',
    summary: 'Get the CSRF token (also set as the lc_csrf cookie)',
    tags,
    auth: 'public',
    response: z.object({ token: z.string() }),
  }),
  signUp: defineRoute({
    method: 'POST',
    path: '/api/auth/sign-up',
    summary: 'Ask for an account: a confirmation link is mailed',
    tags,
    auth: 'public',
    body: signUpSchema,
    status: 202,
    response: z.object({ status: z.literal('check-email') }),
    errors: ['RATE_LIMITED'],
  }),
  confirm: defineRoute({
    method: 'GET',
    path: '/api/auth/confirm',
    summary: 'Follow the mailed confirmation link: signs in and redirects',
    tags,
    auth: 'signed',
    query: z.object({ token: z.string().min(20).max(4000) }),
    status: 303,
    response: {
      contentType: null,
      description:
        'Redirect to the page the sign-up started from (or /sign-in?confirm=invalid); sets the session cookie.',
    },
  }),
  signIn: defineRoute({
    method: 'POST',
    path: '/api/auth/sign-in',
    summary: 'Sign in with email and password; sets the session cookie',
    tags,
    auth: 'public',
    body: signInSchema,
    response: z.object({ user: userSchema }),
    errors: ['INVALID_CREDENTIALS', 'SIGN_IN_LOCKED', 'RATE_LIMITED'],
  }),
  signOut: defineRoute({
    method: 'POST',
    path: '/api/auth/sign-out',
    summary: 'Sign out: ends the session and its sockets',
    tags,
    auth: 'optional',
    response: null,
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in person and their brand memberships',
    tags,
    auth: 'session',
    response: meSchema,
  }),
  staff: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/staff',
    summary: "A brand's staff",
    tags,
    auth: 'staff',
    params: brandParams,
    response: listSchema(staffMemberSchema),
  }),
};
