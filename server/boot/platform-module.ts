// The one shape every domain registers itself in (server/<domain>/<domain>-module.ts), and the loop that runs the
// parts a process's ROLE asks for. server/app.ts lists the modules once.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SessionCache } from '../accounts/session-cache';
import type { Config } from '../config/config-schema';
import type { MediaClock } from '../cues/media-clock';
import type { Database } from '../database/prisma-client';
import type { HealthChecks } from '../health/health-routes';
import type { MailPort } from '../mail/mail-port';
import type { Realtime } from '../realtime/create-realtime';
import type { EventBus } from '../realtime/event-bus';
import type { ShowEvents } from '../shows/show-events';
import type { ShowLinks } from '../shows/show-view';
import type { FileStorage } from '../storage/file-storage';

export type Role = 'web' | 'realtime' | 'media' | 'worker';
const everyRole: readonly Role[] = ['web', 'realtime', 'media', 'worker'];

/** ROLE=all (embedded default) runs every part in one process. */
export const rolesOf = (role: Config['role'] | undefined): ReadonlySet<Role> =>
  new Set(!role || role === 'all' ? everyRole : [role]);

/** What the composition root shares with every module. */
export interface Platform {
  /** The whole parsed config when main.ts boots the process; tests pass only the first three fields. */
  config: Pick<Config, 'mode' | 'publicBaseUrl' | 'port'> & Partial<Config>;
  roles: ReadonlySet<Role>;
  db: Database;
  storage: FileStorage;
  sessionSecret: string;
  sessions: SessionCache;
  cookiePolicy: { secure: boolean };
  events: ShowEvents;
  links: ShowLinks;
  publicBaseUrl: string;
  /** Mail to people (sign-up links); SMTP in production, the outbox table in embedded mode. */
  mail: MailPort;
  /** Show rooms: the Socket.IO server on realtime nodes, a broadcaster through Redis elsewhere. */
  realtime: Realtime;
  /** Process-level events across every server process (Redis pub/sub with REDIS_URL, in-process otherwise). */
  bus: EventBus;
  /** The media timeline commerce cues are stamped on (server/cues/media-clock.ts). */
  mediaClock: MediaClock;
  log: FastifyInstance['log'];
  /** main.ts's JSON process logger (server/observability/process-log.ts); tests leave it out. */
  processLog?: Logger;
}

/** Each part runs only in the processes of its role; a module with no part for this process's roles is not created. */
export interface ModuleParts {
  /** web: HTTP API routes. */
  routes?(http: FastifyInstance): void | Promise<void>;
  /** realtime: socket commands and join-snapshot parts, on the nodes that hold the sockets. */
  commands?(realtime: Realtime): void;
  /** worker: starts background jobs (close() stops them). */
  jobs?(): void;
  /** media: WHIP ingest, packaging and HLS serving. */
  media?(http: FastifyInstance): void;
  health?: HealthChecks;
  close?(): Promise<void>;
}

export interface PlatformModule {
  name: string;
  /** The roles with something to run from this module. */
  roles: readonly Role[];
  create(platform: Platform): ModuleParts | Promise<ModuleParts>;
}

export interface RunningModules {
  names: string[];
  health: HealthChecks;
  close(): Promise<void>;
}

/** Creates the modules this process's roles need, in list order, and runs their parts for those roles. */
export async function startModules(
  modules: readonly PlatformModule[],
  platform: Platform,
  http: FastifyInstance,
): Promise<RunningModules> {
  const { roles } = platform;
  const started: { name: string; parts: ModuleParts }[] = [];
  for (const module of modules) {
    if (!module.roles.some((role) => roles.has(role))) continue;
    const parts = await module.create(platform);
    started.push({ name: module.name, parts });
    if (roles.has('web')) await parts.routes?.(http);
    if (roles.has('realtime')) parts.commands?.(platform.realtime);
    if (roles.has('media')) parts.media?.(http);
    if (roles.has('worker')) parts.jobs?.();
  }
  let closed: Promise<void> | null = null;
  return {
    names: started.map((entry) => entry.name),
    health: Object.assign({}, ...started.map((entry) => entry.parts.health ?? {})) as HealthChecks,
    close() {
      // Reverse order: a module closes before the ones it was built on.
      closed ??= (async () => {
        for (const { parts } of started.reverse()) await parts.close?.().catch(() => {});
      })();
      return closed;
    },
  };
}

/** The whole config when main.ts booted the process from the environment; null for tests' partial configs. */
export const bootConfig = (platform: Platform): Config | null =>
  platform.config.role ? (platform.config as Config) : null;
