import { bootConfig, type PlatformModule } from '../boot/platform-module';
import { analyticsTrackSchema } from '../realtime/contract';
import { requireJoined } from '../realtime/room-handlers';
import { TokenBucket } from '../realtime/transport/token-bucket';
import { analyticsRoomEvent } from './analytics-hooks';
import { AnalyticsRecorder, registerRecorder } from './analytics-recorder';
import { rollUp, sweepRawEvents } from './analytics-rollup';
import { registerAnalyticsRoutes } from './analytics-routes';

export interface AnalyticsOptions {
  flushMs?: number;
  heartbeatSeconds?: number;
  rollupMs?: number;
  rawRetentionDays?: number;
}

/**
 * Show and audience analytics. Every process records (its hooks push into its recorder, written in batches);
 * the worker rolls raw events up per show per minute and sweeps old ones; web serves the reports.
 */
export function analyticsModule(options: AnalyticsOptions = {}): PlatformModule {
  return {
    name: 'analytics',
    roles: ['web', 'realtime', 'media', 'worker'],
    create(platform) {
      const { db } = platform;
      const log = platform.processLog ?? platform.log;
      const retentionDays = options.rawRetentionDays ?? bootConfig(platform)?.analyticsRawRetentionDays ?? 30;
      let lastError = 0;
      const recorder = new AnalyticsRecorder(db, {
        flushMs: options.flushMs ?? 1000,
        heartbeatSeconds: options.heartbeatSeconds ?? 15,
        maxBuffered: 500_000,
        onError: (error) => {
          // At most one line a minute while the database refuses batches (they are kept and retried).
          if (Date.now() - lastError < 60_000) return;
          lastError = Date.now();
          log.warn({ err: error }, 'analytics: a batch could not be written; kept and retried');
        },
      });
      const unregister = registerRecorder(db, recorder);
      const timers: NodeJS.Timeout[] = [];
      let rolling: Promise<unknown> | null = null;
      return {
        routes(http) {
          registerAnalyticsRoutes(http, db);
        },
        commands(realtime) {
          realtime.registerCommands((socket, router) => {
            // Cards scroll past quickly: a generous budget of its own, so tracking never eats the chat's.
            const bucket = new TokenBucket(30, 10);
            router.on(
              'analytics:track',
              analyticsTrackSchema,
              ({ kind, productId }) => {
                requireJoined(socket);
                analyticsRoomEvent(db, socket, kind, productId);
                return null;
              },
              { bucket },
            );
          });
        },
        jobs() {
          const roll = setInterval(() => {
            rolling ??= rollUp(db)
              .catch((error: unknown) => {
                // Two workers rolling at once: one waits or gets a serialization failure; the next run catches up.
                if (!String(error).includes('serializ')) log.warn({ err: error }, 'analytics: roll-up failed');
              })
              .finally(() => {
                rolling = null;
              });
          }, options.rollupMs ?? 10_000);
          const sweep = setInterval(() => void sweepRawEvents(db, retentionDays).catch(() => {}), 10 * 60_000);
          roll.unref();
          sweep.unref();
          timers.push(roll, sweep);
        },
        async close() {
          for (const timer of timers) clearInterval(timer);
          await rolling;
          await recorder.close();
          unregister();
        },
      };
    },
  };
}
