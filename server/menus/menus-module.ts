// Shortcut menus: the console's API, the menu a customer sees (brand home, under her chat) with its impressions
// and taps, and the mirroring to LINE: on demand, after a tap re-tags her, and every minute on the worker (tags also
// change through imports, the console and surveys).
import type { PlatformModule } from '../boot/platform-module';
import { syncLineMenus, type LineMenuDeps } from './line-menu-sync';
import { registerMenuRoutes } from './menu-routes';

export interface MenusOptions {
  /** Tests: the LINE stand-in; main.ts leaves it to LINE_API_BASE_URL. */
  lineApiBaseUrl?: string;
  /** How often the worker re-links LINE followers whose segment changed (ms); 0 = never. */
  lineSyncEveryMs?: number;
}

export interface MenusModule extends PlatformModule {
  /** Surveys call this after tagging: her LINE menu follows her new segment. */
  followersRetagged(brandId: string, followerIds: string[]): void;
}

export function menusModule(options: MenusOptions = {}): MenusModule {
  let deps: LineMenuDeps | null = null;
  let log: ((error: unknown, brandId: string) => void) | null = null;
  const followersRetagged = (brandId: string, followerIds: string[]) => {
    if (!deps) return;
    const current = deps;
    void (async () => {
      // Only brands that mirror their menus to LINE (a menu was mirrored once).
      const mirrored = await current.db.menu.count({ where: { brandId, lineRichMenuId: { not: null } } });
      if (mirrored) await syncLineMenus(current, brandId, followerIds);
    })().catch((error: unknown) => log?.(error, brandId));
  };
  return {
    name: 'menus',
    roles: ['web', 'worker'],
    followersRetagged,
    create(platform) {
      const { db, storage, publicBaseUrl } = platform;
      const apiBaseUrl = options.lineApiBaseUrl ?? platform.config.lineApiBaseUrl ?? 'https://api.line.me';
      deps = { db, storage, apiBaseUrl, publicBaseUrl };
      const ready = deps;
      log = (error, brandId) => platform.log.warn({ err: error, brandId }, 'menus: LINE re-link failed');
      let timer: NodeJS.Timeout | null = null;
      return {
        routes(http) {
          registerMenuRoutes(http, { ...ready, tagsChanged: followersRetagged });
        },
        jobs() {
          const every = options.lineSyncEveryMs ?? 60_000;
          if (!every) return;
          timer = setInterval(() => {
            void (async () => {
              const brands = await db.menu.findMany({
                where: { lineRichMenuId: { not: null }, brand: { lineAccount: { enabled: true } } },
                distinct: ['brandId'],
                select: { brandId: true },
              });
              for (const { brandId } of brands)
                await syncLineMenus(ready, brandId).catch((error: unknown) => log?.(error, brandId));
            })();
          }, every);
          timer.unref();
        },
        async close() {
          if (timer) clearInterval(timer);
          deps = null;
        },
      };
    },
  };
}
