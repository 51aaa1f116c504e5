import { describe, expect, it } from 'vitest';
import { EndpointRefused, isPublicAddress, resolvePublicEndpoint } from './public-endpoint';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast, reserved, ULA and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.254',
      '224.0.0.1',
      '239.1.1.1',
      '255.255.255.255',
      '240.0.0.1',
      '192.0.2.1',
      '198.18.0.1',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::127.0.0.1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '2001:db8::1',
      '2001:0:4136::1',
      'not-an-ip',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('accepts public unicast addresses', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '2a00:1450:4001:80b::200a',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });
});

describe('resolvePublicEndpoint', () => {
  const refused = async (url: string, resolve?: (host: string) => Promise<string[]>) => {
    await expect(resolvePublicEndpoint(url, { resolve }), url).rejects.toBeInstanceOf(EndpointRefused);
  };

  it('refuses http, credentials, and every spelling of a private host, literal or resolved', async () => {
    for (const url of [
      'http://93.184.216.34/push',
      'ftp://93.184.216.34/',
      'https://user:pw@93.184.216.34/',
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0x7f000001/',
      'https://0x7f.1/',
      'https://017700000001/',
      'https://127.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
      'https://0.0.0.0/',
      'https://[::]/',
      'https://localhost/',
      'https://localhost./',
      'not a url',
    ])
      await refused(url);
    // A name that resolves to any private address, even alongside a public one.
    await refused('https://push.example.test/', async () => ['93.184.216.34', '127.0.0.1']);
    await refused('https://push.example.test/', async () => ['10.0.0.7']);
    await refused('https://push.example.test/', async () => []);
    await refused('https://push.example.test/', async () => Promise.reject(new Error('ENOTFOUND')));
  });

  it('accepts an https URL on a public host', async () => {
    await expect(resolvePublicEndpoint('https://93.184.216.34/push/abc')).resolves.toMatchObject({
      addresses: ['93.184.216.34'],
    });
    await expect(
      resolvePublicEndpoint('https://fcm.example.test/x', { resolve: async () => ['142.250.0.1'] }),
    ).resolves.toMatchObject({ addresses: ['142.250.0.1'] });
  });
});
