import path from 'node:path';
import type { MediaService } from '../../media/media-service';
import { bootConfig, type PlatformModule } from '../boot/platform-module';
import { componentLogger } from '../observability/process-log';
import { connectMedia } from '../shows/connect-media';
import { createPublisherAuth } from '../shows/publisher-auth';

/**
 * WHIP ingest, ffmpeg packaging and HLS serving (media/media-service.ts); its stream events drive the show's
 * status. Tests pass their own service (and close it); main.ts leaves it to the config.
 */
export function mediaModule(given?: MediaService): PlatformModule {
  return {
    name: 'media',
    roles: ['media'],
    async create(platform) {
      const config = bootConfig(platform);
      // The WebRTC stack loads only in processes that ingest.
      const media =
        given ??
        (config
          ? (await import('../../media/media-service')).createMediaService({
              hlsDir: path.join(config.dataDir, 'hls'),
              publisherAuth: createPublisherAuth(platform.db, platform.sessionSecret),
              logger: platform.processLog ? componentLogger(platform.processLog, 'media') : console,
              loopbackOnly: config.mediaLoopbackOnly,
              engineChoice: config.media.engine,
              mediasoupWorkerBin: config.media.workerBin ?? undefined,
              announcedAddress: config.media.announcedAddress ?? undefined,
              rtcPortRange: config.media.rtcPortRange ?? undefined,
            })
          : null);
      if (!media) return {};
      return {
        media(http) {
          connectMedia(media, http, platform.db, platform.events);
        },
        health: { media: () => ({ ...media.health() }) },
        async close() {
          if (!given) await media.close();
        },
      };
    },
  };
}
