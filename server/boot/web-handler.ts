import next from 'next';
import path from 'node:path';
import type { WebHandler } from '../app';
import { pageSecurityHeaders } from '../http/page-security-headers';
import { writePageOrigins } from '../http/page-origins';

/** The Next.js app in web/, served by the platform's own HTTP server, every page with the security headers. */
export async function createWebHandler(options: {
  dev: boolean;
  hostname: string;
  port: number;
  stripe: boolean;
  publicBaseUrl: string | null;
}): Promise<WebHandler> {
  // Next.js sends usage telemetry unless told not to; off by default (an empty value set by the operator opts in).
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  // Server-rendered metadata (a shared show's preview card) reads the API on loopback; see page-origins.ts.
  writePageOrigins(process.env, { host: options.hostname, port: options.port, publicBaseUrl: options.publicBaseUrl });
  const app = next({ dev: options.dev, dir: path.resolve('web'), hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const headers = Object.entries(pageSecurityHeaders({ stripe: options.stripe, dev: options.dev }));
  return (request, response) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    return handle(request, response);
  };
}
