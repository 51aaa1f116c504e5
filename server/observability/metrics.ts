// The platform's Prometheus metrics, one set per process on prom-client's default registry (what /metrics
// serves). Domain code counts through the few helpers below; gauges read their sources when scraped.
import { collectDefaultMetrics, Counter, Gauge, Histogram, register, type Metric } from 'prom-client';
import { AppError } from '../errors/app-error';

/** A metric defined once per process, even when a module is evaluated twice (tests, dev reloads). */
function once<T extends Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

// Node's own: CPU, memory, GC and event-loop lag (nodejs_eventloop_lag_seconds and its percentiles).
if (!register.getSingleMetric('nodejs_eventloop_lag_seconds')) collectDefaultMetrics();

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = once(
  'livecart_http_requests_total',
  () =>
    new Counter({
      name: 'livecart_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
    }),
);
export const httpDuration = once(
  'livecart_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'livecart_http_request_duration_seconds',
      help: 'HTTP response time by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: latencyBuckets,
    }),
);

export const socketConnections = once(
  'livecart_socket_connections_total',
  () =>
    new Counter({ name: 'livecart_socket_connections_total', help: 'Socket.IO connections accepted by this process' }),
);
export const socketCommands = once(
  'livecart_socket_commands_total',
  () =>
    new Counter({
      name: 'livecart_socket_commands_total',
      help: 'Client commands over the socket, by event and outcome (ok or an error code)',
      labelNames: ['event', 'outcome'] as const,
    }),
);
export const socketCommandDuration = once(
  'livecart_socket_command_duration_seconds',
  () =>
    new Histogram({
      name: 'livecart_socket_command_duration_seconds',
      help: 'Time from a client command to its ack, by event',
      labelNames: ['event'] as const,
      buckets: latencyBuckets,
    }),
);

export const chatMessages = once(
  'livecart_chat_messages_total',
  () =>
    new Counter({
      name: 'livecart_chat_messages_total',
      help: 'Chat messages accepted, by visibility (public or shadow)',
      labelNames: ['visibility'] as const,
    }),
);
export const reservations = once(
  'livecart_reservations_total',
  () =>
    new Counter({
      name: 'livecart_reservations_total',
      help: 'Reservation attempts by kind (flash_sale, product) and outcome (held or an error code)',
      labelNames: ['kind', 'outcome'] as const,
    }),
);
export const paymentEvents = once(
  'livecart_payment_events_total',
  () =>
    new Counter({
      name: 'livecart_payment_events_total',
      help: 'Payment outcomes applied to orders, by provider and state',
      labelNames: ['provider', 'state'] as const,
    }),
);
export const deliveries = once(
  'livecart_deliveries_total',
  () =>
    new Counter({
      name: 'livecart_deliveries_total',
      help: 'Announcement deliveries recorded, by channel and state',
      labelNames: ['channel', 'state'] as const,
    }),
);

/** Where a gauge reads its value at scrape time; several sources (e.g. two apps in one test process) add up. */
type Source = () => number | Promise<number>;
const sources = { sockets: new Set<Source>(), viewers: new Set<Source>(), liveShows: new Set<Source>() };

async function sum(set: Set<Source>): Promise<number> {
  const values = await Promise.all([...set].map(async (read) => read()));
  return values.reduce((total, value) => total + value, 0);
}

once(
  'livecart_socket_connected',
  () =>
    new Gauge({
      name: 'livecart_socket_connected',
      help: 'Sockets connected to this process now',
      async collect() {
        this.set(await sum(sources.sockets));
      },
    }),
);
once(
  'livecart_viewers',
  () =>
    new Gauge({
      name: 'livecart_viewers',
      help: 'Distinct viewers in show rooms on this process now',
      async collect() {
        this.set(await sum(sources.viewers));
      },
    }),
);
once(
  'livecart_live_shows',
  () =>
    new Gauge({
      name: 'livecart_live_shows',
      help: 'Shows live now (from the database)',
      async collect() {
        this.set(await sum(sources.liveShows));
      },
    }),
);

/** Adds a gauge source; returns its removal (call it on close). */
export function observeGauge(gauge: keyof typeof sources, read: Source): () => void {
  sources[gauge].add(read);
  return () => sources[gauge].delete(read);
}

/** Counts a call's outcome: `ok` when it resolves, the AppError code (or `error`) when it throws. */
export async function countOutcome<T>(work: Promise<T>, count: (outcome: string) => void, ok = 'ok'): Promise<T> {
  try {
    const result = await work;
    count(ok);
    return result;
  } catch (error) {
    // Only our own codes become label values: a bounded set, whatever a driver throws.
    count(error instanceof AppError ? error.code : 'error');
    throw error;
  }
}

export const metricsRegistry = register;
