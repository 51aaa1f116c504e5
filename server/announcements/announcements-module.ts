import { createHmac } from 'node:crypto';
import { bootConfig, type PlatformModule } from '../boot/platform-module';
import type { ChannelPort } from '../channels/channel-port';
import type { ChannelsModule } from '../channels/channels-module';
import { createInAppChannel, createInboxNotifier } from '../channels/inapp-channel';
import { registerAnnouncementRoutes } from './announcement-routes';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';
import { registerInboxRoutes } from './inbox-routes';
import { subscribeToShowEvents } from './schedule-sync';
import { registerTrackingRoutes } from './tracking-routes';

import type { EndpointOptions } from '../channels/public-endpoint';
import type { VapidKeys } from '../channels/push-channel';

export interface AnnouncementOptions {
  /** External channels (email, push, LINE) for tests; main.ts leaves them to the channels module. */
  channels?: ChannelPort[];
  vapidPublicKey?: string | null;
  /** Tests: VAPID keys (and loopback push endpoints) for pushes outside announcements (conversation notices). */
  vapid?: VapidKeys;
  pushEndpoints?: EndpointOptions;
  /** Run the delivery worker in a worker process (default: when booted from config; tests opt in). */
  worker?: boolean;
  workerOptions?: Partial<
    Pick<DeliveryWorkerOptions, 'pollMs' | 'leaseMs' | 'retry' | 'clock' | 'name' | 'log' | 'info'>
  >;
}

/** Links in messages are signed with a key derived from the session secret, never the secret itself. */
export const deriveLinkSecret = (sessionSecret: string) =>
  createHmac('sha256', sessionSecret).update('livecart:announcement-links').digest('base64url');

/** Countdown steps, the console's API, the inbox, tracking links (web) and the delivery worker (worker). */
export function announcementsModule(
  channels: Pick<ChannelsModule, 'ports'>,
  options: AnnouncementOptions = {},
): PlatformModule & { worker(): DeliveryWorker | null } {
  let worker: DeliveryWorker | null = null;
  return {
    name: 'announcements',
    roles: ['web', 'worker'],
    worker: () => worker,
    create(platform) {
      const { db, events, log: http } = platform;
      const render = {
        storage: platform.storage,
        publicBaseUrl: platform.publicBaseUrl,
        linkSecret: deriveLinkSecret(platform.sessionSecret),
      };
      // Deliveries reach every process's inbox streams through the event bus (Redis across processes).
      const inbox = createInboxNotifier(platform.bus);
      const log = options.workerOptions?.log ?? ((line: string) => http.warn(line));
      const info = options.workerOptions?.info ?? ((line: string) => http.info(line));
      let closeInboxStreams = () => {};
      // Keeps the console's schedule in line with reschedules and wakes a worker in this process early.
      const unsubscribe = subscribeToShowEvents(db, events, () => void worker?.wake(), log);
      return {
        routes(app) {
          registerAnnouncementRoutes(app, db, render);
          registerTrackingRoutes(app, db, render);
          closeInboxStreams = registerInboxRoutes(app, db, platform.bus);
        },
        jobs() {
          if (!(options.worker ?? Boolean(bootConfig(platform)))) return;
          worker = DeliveryWorker.create({
            db,
            render,
            channels: [createInAppChannel(inbox), ...channels.ports()],
            ...options.workerOptions,
            log,
            info,
          });
          worker.start();
        },
        async close() {
          unsubscribe();
          closeInboxStreams();
          await worker?.close();
        },
      };
    },
  };
}
