// TRUST_PROXY: X-Forwarded-For counts only from a trusted peer, read from the right; IPv6 limits go by /64.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { addressKey, clientAddressRule } from './client-address';

const request = (peer: string, forwardedFor?: string) => ({
  socket: { remoteAddress: peer } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddressRule', () => {
  const behindNginx = clientAddressRule(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

  it('takes the address a trusted proxy saw', () => {
    expect(behindNginx.of(request('127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(behindNginx.of(request('::ffff:127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(behindNginx.of(request('fd00::5', '2001:db8::1'))).toBe('2001:db8::1');
  });

  it('ignores the header from an untrusted peer, and entries a client wrote left of the first untrusted hop', () => {
    expect(behindNginx.of(request('198.51.100.9', '203.0.113.7'))).toBe('198.51.100.9');
    expect(behindNginx.of(request('127.0.0.1', '1.1.1.1, 203.0.113.7'))).toBe('203.0.113.7');
    expect(behindNginx.of(request('127.0.0.1', '203.0.113.7, 10.1.2.3'))).toBe('203.0.113.7'); // two proxies
    expect(behindNginx.of(request('127.0.0.1', 'not-an-address'))).toBe('127.0.0.1');
    expect(behindNginx.of(request('127.0.0.1'))).toBe('127.0.0.1');
  });

  it('trusts nobody without TRUST_PROXY', () => {
    expect(clientAddressRule([]).of(request('127.0.0.1', '203.0.113.7'))).toBe('127.0.0.1');
  });
});

describe('addressKey', () => {
  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).toBe('ip6:2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('ip6:0:0:0:0::/64');
  });
});

describe('TRUST_PROXY in the config', () => {
  it('parses a list of addresses and CIDRs and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }, []).trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(loadConfig({}, []).trustedProxies).toEqual([]);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' }, [])).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }, [])).toThrow(/TRUST_PROXY/);
  });
});
