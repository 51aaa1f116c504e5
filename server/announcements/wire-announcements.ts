import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { registerAudienceRoutes } from '../audience/audience-routes';
import type { ChannelPort } from '../channels/channel-port';
import { createInAppChannel, createInboxNotifier } from '../channels/inapp-channel';
import type { Database } from '../database/prisma-client';
import { registerSegmentRoutes } from '../segments/segment-routes';
import type { ShowEvents } from '../shows/show-events';
import type { FileStorage } from '../storage/file-storage';
import { registerAnnouncementRoutes } from './announcement-routes';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';
import { registerInboxRoutes } from './inbox-routes';
import { subscribeToShowEvents } from './schedule-sync';
import { registerTrackingRoutes } from './tracking-routes';

export interface AnnouncementOptions {
  /** External channels (email, push, LINE); the in-app inbox is always added. */
  channels?: ChannelPort[];
  vapidPublicKey?: string | null;
  /** Run the delivery worker in this process (embedded mode, ROLE=all or ROLE=worker). */
  worker?: boolean;
  workerOptions?: Partial<Pick<DeliveryWorkerOptions, 'pollMs' | 'leaseMs' | 'retry' | 'clock' | 'name' | 'log' | 'info'>>;
}

/** Links in messages are signed with a key derived from the session secret, never the secret itself. */
export const deriveLinkSecret = (sessionSecret: string) => createHmac('sha256', sessionSecret).update('livecart:announcement-links').digest('base64url');

/** Audience, segments, announcements and the inbox, wired into the application in one call. */
export function wireAnnouncements(
  http: FastifyInstance,
  deps: { db: Database; storage: FileStorage; events: ShowEvents; publicBaseUrl: string; sessionSecret: string },
  options: AnnouncementOptions = {},
): { worker: DeliveryWorker | null; close(): Promise<void> } {
  const { db } = deps;
  const render = { storage: deps.storage, publicBaseUrl: deps.publicBaseUrl, linkSecret: deriveLinkSecret(deps.sessionSecret) };
  const inbox = createInboxNotifier();
  const channels = [createInAppChannel(inbox), ...(options.channels ?? [])];
  registerAudienceRoutes(http, db, { vapidPublicKey: options.vapidPublicKey ?? null });
  registerSegmentRoutes(http, db);
  registerAnnouncementRoutes(http, db, render);
  registerTrackingRoutes(http, db, render);
  const closeInboxStreams = registerInboxRoutes(http, db, inbox.events);
  const log = options.workerOptions?.log ?? ((line: string) => http.log.warn(line));
  const info = options.workerOptions?.info ?? ((line: string) => http.log.info(line));
  const worker = options.worker ? DeliveryWorker.create({ db, render, channels, ...options.workerOptions, log, info }) : null;
  const unsubscribe = subscribeToShowEvents(db, deps.events, () => void worker?.wake(), log);
  worker?.start();
  let closed = false;
  return {
    worker,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      closeInboxStreams();
      await worker?.close();
      await Promise.all(channels.map((port) => port.close?.().catch(() => {})));
    },
  };
}
