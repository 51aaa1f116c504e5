// The client's address, for limits keyed by address: one rule for HTTP (rate-limits.ts) and for sockets (chat).
// Behind nginx every connection comes from nginx's address, so all guests shared one budget; the address the proxy
// saw is in X-Forwarded-For. That header is believed only when the peer is a proxy listed in TRUST_PROXY, and read
// from the right: each trusted hop vouches for the entry left of it, and the first untrusted one is the client.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

type Request = Pick<IncomingMessage, 'headers' | 'socket'>;

export interface ClientAddressRule {
  /** Whether a peer is a trusted proxy (Fastify's trustProxy uses it too, so request.ip in logs agrees). */
  trusts(address: string): boolean;
  /** The client's address: the peer, or what trusted proxies say they saw. */
  of(request: Request): string;
}

/** An entry of TRUST_PROXY: an IPv4 or IPv6 address, optionally with a /prefix. */
export function isProxyEntry(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export function clientAddressRule(trustedProxies: readonly string[]): ClientAddressRule {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(bits), family);
  }
  const trusts = (address: string) => {
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
  return {
    trusts,
    of(request) {
      let client = unmapped(request.socket.remoteAddress ?? '');
      if (trustedProxies.length === 0 || !trusts(client)) return client;
      const header = request.headers['x-forwarded-for'];
      const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => hop.trim());
      for (const hop of hops.reverse()) {
        const address = unmapped(hop);
        if (!isIP(address)) break; // garbage from the client side of the chain: keep the last address a proxy vouched for
        client = address;
        if (!trusts(address)) break;
      }
      return client;
    },
  };
}

/**
 * The key of an address for a limit: IPv4 as is; IPv6 by its /64, the smallest block a home or phone is given, so
 * one subscriber cannot rotate through 2^64 addresses to get 2^64 budgets.
 */
export function addressKey(address: string): string {
  const plain = unmapped(address);
  if (isIP(plain) !== 6) return `ip:${plain}`;
  return `ip6:${ipv6Groups(plain).slice(0, 4).join(':')}::/64`;
}

function unmapped(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const part = (text: string) =>
    text === ''
      ? []
      : text.split(':').flatMap((group) => {
          if (isIP(group) !== 4) return [group];
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => parseInt(group, 16).toString(16));
}
