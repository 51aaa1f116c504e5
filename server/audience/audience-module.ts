import type { PlatformModule } from '../boot/platform-module';
import type { ChannelsModule } from '../channels/channels-module';
import { registerAudienceRoutes } from './audience-routes';

/** Called after someone follows a brand on the site for the first time (the automation's welcome). */
export type WebFollowHook = (input: { brandId: string; followerId: string }) => Promise<void>;

export interface AudienceModule extends PlatformModule {
  readonly followHooks: WebFollowHook[];
}

/** Follows, tags, notes and CSV import of a brand's audience. */
export function audienceModule(channels: Pick<ChannelsModule, 'vapidPublicKey'>): AudienceModule {
  const followHooks: WebFollowHook[] = [];
  return {
    name: 'audience',
    roles: ['web'],
    followHooks,
    create: ({ db }) => ({
      routes(http) {
        registerAudienceRoutes(http, db, { vapidPublicKey: channels.vapidPublicKey(), followHooks });
      },
    }),
  };
}
