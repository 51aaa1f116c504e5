import type { PlatformModule } from '../boot/platform-module';
import { bootConfig } from '../boot/platform-module';
import { sendDueReminders } from './appointment-reminders';
import { expireHolds } from './booking-service';
import { registerBookingRoutes } from './booking-routes';
import { registerBoutiqueRoutes } from './boutique-routes';

export interface AppointmentOptions {
  /** Run the sweep and reminder job (default: when booted from config; tests opt in). */
  worker?: boolean;
  pollMs?: number;
}

/** Boutiques, advisors, appointment types and bookings (web); hold expiry and reminders (worker). */
export function appointmentsModule(options: AppointmentOptions = {}): PlatformModule {
  return {
    name: 'appointments',
    roles: ['web', 'worker'],
    create(platform) {
      const { db } = platform;
      let timer: NodeJS.Timeout | null = null;
      let running: Promise<void> = Promise.resolve();
      const tick = () => {
        running = running
          .then(async () => {
            await expireHolds(db);
            await sendDueReminders({ db, mail: platform.mail, publicBaseUrl: platform.publicBaseUrl });
          })
          .catch((error) => platform.log.warn(`appointments job: ${(error as Error).message}`));
        return running;
      };
      const jobsOn = () => options.worker ?? Boolean(bootConfig(platform));
      return {
        routes(http) {
          registerBoutiqueRoutes(http, db);
          // A booking close to now may owe its reminder at once: a worker in this process looks right away.
          registerBookingRoutes(http, db, {
            publicBaseUrl: platform.publicBaseUrl,
            onBooked: () => (timer ? void tick() : undefined),
          });
        },
        jobs() {
          if (!jobsOn()) return;
          timer = setInterval(() => void tick(), options.pollMs ?? 30_000);
          timer.unref();
          void tick();
        },
        async close() {
          if (timer) clearInterval(timer);
          timer = null;
          await running;
        },
      };
    },
  };
}
