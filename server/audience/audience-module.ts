import type { PlatformModule } from '../boot/platform-module';
import type { ChannelsModule } from '../channels/channels-module';
import { registerAudienceRoutes } from './audience-routes';

/** Follows, tags, notes and CSV import of a brand's audience. */
export function audienceModule(channels: Pick<ChannelsModule, 'vapidPublicKey'>): PlatformModule {
  return {
    name: 'audience',
    roles: ['web'],
    create: ({ db }) => ({
      routes(http) {
        registerAudienceRoutes(http, db, { vapidPublicKey: channels.vapidPublicKey() });
      },
    }),
  };
}
