/** The slice of a pino-style logger the realtime service writes to (Fastify's logger fits). */
export interface RealtimeLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: RealtimeLogger = { info() {}, warn() {}, error() {} };
