// Where the web app's server side (Next.js, in this same process) reads the API and builds absolute links. The
// web handler writes them to the environment before Next.js starts, so every Next.js module instance and worker
// reads the same values; this file is the one place that names the variables (web imports it as a contract).
const apiOriginVar = 'LIVECART_PAGE_API_ORIGIN';
const publicBaseVar = 'LIVECART_PAGE_PUBLIC_BASE_URL';

export interface PageOrigins {
  /** The API on loopback: never the request's Host, so a forged Host cannot make the server fetch elsewhere. */
  apiOrigin: string;
  /** PUBLIC_BASE_URL when configured; null means "use the request's host" for links in previews. */
  publicBaseUrl: string | null;
}

export function writePageOrigins(
  env: NodeJS.ProcessEnv,
  options: { host: string; port: number; publicBaseUrl: string | null },
): void {
  const wildcard = options.host === '0.0.0.0' || options.host === '::' || options.host === '';
  const host = wildcard ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  env[apiOriginVar] = `http://${host}:${options.port}`;
  if (options.publicBaseUrl) env[publicBaseVar] = options.publicBaseUrl;
  else delete env[publicBaseVar];
}

export function readPageOrigins(env: NodeJS.ProcessEnv): PageOrigins | null {
  const apiOrigin = env[apiOriginVar];
  return apiOrigin ? { apiOrigin, publicBaseUrl: env[publicBaseVar] || null } : null;
}
