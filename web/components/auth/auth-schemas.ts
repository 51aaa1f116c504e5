// The server's own sign-in / sign-up schemas, so the form checks exactly what the API checks.
export { signInSchema, signUpSchema } from '@server/accounts/account-schemas';

/** Only same-site paths are allowed as a redirect target after signing in. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
