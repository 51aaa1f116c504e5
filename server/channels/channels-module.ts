import { deriveLinkSecret } from '../announcements/announcements-module';
import { bootConfig, type PlatformModule } from '../boot/platform-module';
import type { ChannelPort } from './channel-port';
import { createExternalChannels } from './channel-registry';
import { resolveVapidKeys } from './vapid-keys';

export interface ChannelsModule extends PlatformModule {
  /** External channel ports (email, push, LINE) for the delivery worker; the in-app inbox is added by announcements. */
  ports(): ChannelPort[];
  /** Browsers subscribe to Web Push with this key (audience routes). */
  vapidPublicKey(): string | null;
}

/** Tests pass their ports and key; main.ts leaves them to the config. */
export function channelsModule(given?: { channels?: ChannelPort[]; vapidPublicKey?: string | null }): ChannelsModule {
  let ports: ChannelPort[] = given?.channels ?? [];
  let publicKey: string | null = given?.vapidPublicKey ?? null;
  return {
    name: 'channels',
    roles: ['web', 'worker'],
    ports: () => ports,
    vapidPublicKey: () => publicKey,
    async create(platform) {
      const close = async () => {
        await Promise.all(ports.map((port) => port.close?.().catch(() => {})));
      };
      const config = bootConfig(platform);
      if (given || !config) return { close };
      const vapid = await resolveVapidKeys(config);
      publicKey = vapid?.publicKey ?? null;
      // Only the worker sends; a web process needs the public key alone.
      if (platform.roles.has('worker')) {
        const links = { publicBaseUrl: platform.publicBaseUrl, linkSecret: deriveLinkSecret(platform.sessionSecret) };
        ports = createExternalChannels(config, platform.db, links, vapid);
      }
      return { close };
    },
  };
}
