// Structural subset of pino/fastify's logger and console, so the server can pass `app.log`.
export interface MediaLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: MediaLogger = { info() {}, warn() {}, error() {} };
