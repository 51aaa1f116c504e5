import type { PlatformModule } from '../boot/platform-module';
import { registerChatExportRoutes } from './chat/chat-export-routes';

/**
 * Show rooms. The Socket.IO server itself is made by the composition root (every process broadcasts: realtime
 * nodes hold the sockets, the others publish through Redis); this module adds the chat export and the health check.
 */
export const realtimeModule: PlatformModule = {
  name: 'realtime',
  roles: ['web', 'realtime', 'media', 'worker'],
  create: ({ db, realtime }) => ({
    routes(http) {
      registerChatExportRoutes(http, db);
    },
    health: { realtime: () => realtime.health() },
  }),
};
