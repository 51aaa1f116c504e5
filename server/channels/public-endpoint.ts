// The one guard for every URL a user gives the server to call (Web Push endpoints today): https only, and every
// address the host name resolves to must be public. Checked when the URL is registered and again on each request,
// where the address that passed the check is the one the socket connects to (a custom `lookup`), so a DNS answer
// that changes between check and connect (rebinding) cannot reach 127.0.0.1 or the cloud metadata service.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Two lists: one BlockList matches IPv4 addresses against its IPv6 rules too (as ::ffff:a.b.c.d).
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blockedV4.addSubnet(network, prefix, 'ipv4');
// Only global unicast (2000::/3) may pass, minus the ranges inside it that embed or tunnel to other addresses.
for (const [network, prefix] of [
  ['::', 3],
  ['4000::', 2],
  ['8000::', 1],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['64:ff9b::', 96],
] as const)
  blockedV6.addSubnet(network, prefix, 'ipv6');

/** Loopback, private, link-local, CGNAT, multicast, documentation and reserved ranges, in v4, v6 and v4-mapped v6. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // v4-mapped and v4-compatible v6 (::ffff:a.b.c.d, ::a.b.c.d) lie in ::/3, outside 2000::/3: refused whatever they map to.
  return family === 4 ? !blockedV4.check(address, 'ipv4') : !blockedV6.check(address, 'ipv6');
}

export class EndpointRefused extends Error {
  override name = 'EndpointRefused';
}

export interface EndpointOptions {
  /** How host names are resolved; tests pass one to play DNS rebinding. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Tests only: also accept http and loopback addresses, for a local stand-in of a push service. */
  allowLoopbackForTests?: boolean;
}

const isLoopback = (address: string) => /^(127\.|::1$|::ffff:127\.)/.test(address);

const systemResolve = (hostname: string): Promise<string[]> =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    ),
  );

function parseHttpsUrl(url: string, options: EndpointOptions): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EndpointRefused('not a URL');
  }
  if (parsed.protocol !== 'https:' && !(options.allowLoopbackForTests && parsed.protocol === 'http:'))
    throw new EndpointRefused('only https addresses are accepted');
  if (parsed.username || parsed.password) throw new EndpointRefused('an address with credentials is not accepted');
  return parsed;
}

/** The addresses `url` reaches, all of them public; throws EndpointRefused otherwise. */
export async function resolvePublicEndpoint(
  url: string,
  options: EndpointOptions = {},
): Promise<{ url: URL; addresses: string[] }> {
  const parsed = parseHttpsUrl(url, options);
  // WHATWG URL has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1; v6 literals keep brackets.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch {
      throw new EndpointRefused(`${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new EndpointRefused(`${host} does not resolve`);
  const refused = addresses.find(
    (address) => !isPublicAddress(address) && !(options.allowLoopbackForTests && isLoopback(address)),
  );
  if (refused) throw new EndpointRefused(`${host} resolves to a private or reserved address`);
  return { url: parsed, addresses };
}

/** POSTs to a user-given https URL, connecting only to the public address that passed the check. */
export async function postToPublicEndpoint(
  url: string,
  request: { headers: Record<string, string>; body?: Uint8Array; timeoutMs: number },
  options: EndpointOptions = {},
): Promise<{ status: number; ok: boolean }> {
  const { url: target, addresses } = await resolvePublicEndpoint(url, options);
  const pinned = addresses[0]!;
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    const family = isIP(pinned);
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (error: null, list: LookupAddress[]) => void)(null, [{ address: pinned, family }]);
    else callback(null, pinned, family);
  };
  return new Promise((resolve, reject) => {
    const outgoing = (target.protocol === 'http:' ? http : https).request(
      target,
      { method: 'POST', headers: request.headers, lookup, timeout: request.timeoutMs, agent: false },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        response.on('end', () => resolve({ status, ok: status >= 200 && status < 300 }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
