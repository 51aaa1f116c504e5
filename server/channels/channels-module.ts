import { deriveLinkSecret } from '../announcements/announcements-module';
import { bootConfig, type PlatformModule } from '../boot/platform-module';
import type { ChannelPort } from './channel-port';
import { createExternalChannels } from './channel-registry';
import type { EndpointOptions } from './public-endpoint';
import { createPersonalPush, type PersonalPush, type VapidKeys } from './push-channel';
import { resolveVapidKeys } from './vapid-keys';

export interface ChannelsModule extends PlatformModule {
  /** External channel ports (email, push, LINE) for the delivery worker; the in-app inbox is added by announcements. */
  ports(): ChannelPort[];
  /** Browsers subscribe to Web Push with this key (audience routes). */
  vapidPublicKey(): string | null;
  /** Web Push to one follower outside announcements (conversation notices); null without VAPID keys. */
  personalPush(): PersonalPush | null;
}

/** Tests pass their ports and key; main.ts leaves them to the config. */
export function channelsModule(given?: {
  channels?: ChannelPort[];
  vapidPublicKey?: string | null;
  vapid?: VapidKeys;
  pushEndpoints?: EndpointOptions;
}): ChannelsModule {
  let ports: ChannelPort[] = given?.channels ?? [];
  let publicKey: string | null = given?.vapidPublicKey ?? null;
  let personal: PersonalPush | null = null;
  return {
    name: 'channels',
    roles: ['web', 'worker'],
    ports: () => ports,
    vapidPublicKey: () => publicKey,
    personalPush: () => personal,
    async create(platform) {
      const close = async () => {
        await Promise.all(ports.map((port) => port.close?.().catch(() => {})));
      };
      const config = bootConfig(platform);
      if (given?.vapid) personal = createPersonalPush(platform.db, given.vapid, { endpoints: given.pushEndpoints });
      if (given || !config) return { close };
      const vapid = await resolveVapidKeys(config);
      publicKey = vapid?.publicKey ?? null;
      // Any role: a reply's notice leaves from the process that stored the reply.
      if (vapid && config.announcements.channels.includes('PUSH')) personal = createPersonalPush(platform.db, vapid);
      // Only the worker sends; a web process needs the public key alone.
      if (platform.roles.has('worker')) {
        const links = { publicBaseUrl: platform.publicBaseUrl, linkSecret: deriveLinkSecret(platform.sessionSecret) };
        ports = createExternalChannels(config, platform.db, links, vapid);
      }
      return { close };
    },
  };
}
