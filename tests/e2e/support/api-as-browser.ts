import type { BrowserContext } from 'playwright-core';

/**
 * JSON calls with a browser context's cookies (its signed-in session), sending the CSRF header the
 * way the web app does. For arranging data quickly; the behaviour under test still goes through pages.
 */
export async function apiAsBrowser(context: BrowserContext) {
  const csrf = await context.request.get('/api/auth/csrf');
  if (!csrf.ok()) throw new Error(`GET /api/auth/csrf answered ${csrf.status()}`);
  const { token } = (await csrf.json()) as { token: string };
  return {
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await context.request.post(path, { data: body, headers: { 'x-csrf-token': token } });
      if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    async patch<T>(path: string, body: unknown): Promise<T> {
      const response = await context.request.patch(path, { data: body, headers: { 'x-csrf-token': token } });
      if (!response.ok()) throw new Error(`PATCH ${path} answered ${response.status()}: ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
