// The media service's Prometheus metrics, on prom-client's default registry: the platform's /metrics
// (server/observability/metrics-route.ts) serves them with the rest when media runs in that process.
import { Counter, register } from 'prom-client';

const name = 'livecart_ffmpeg_restarts_total';

/** ffmpeg packager runs restarted after a crash or a stall (the playlist continues across them). */
export const ffmpegRestarts =
  (register.getSingleMetric(name) as Counter | undefined) ??
  new Counter({ name, help: 'ffmpeg packager restarts after a crash or a stall' });
