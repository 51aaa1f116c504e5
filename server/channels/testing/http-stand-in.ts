// A local HTTP server standing in for an external API (LINE Messaging API, a Web Push service) in tests: it records
// every request and answers with whatever `respond` decides.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** `raw`: bytes as they are (with `contentType`), instead of `body` as JSON. */
type Answer = { status: number; body?: unknown; raw?: Buffer; contentType?: string };

/** `respond` may answer later (a promise): `maxInFlight` then tells how many requests the client had open at once. */
export async function startHttpStandIn(
  respond: (request: RecordedRequest) => Answer | Promise<Answer> = () => ({ status: 200, body: {} }),
) {
  const requests: RecordedRequest[] = [];
  const load = { inFlight: 0, maxInFlight: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      void Promise.resolve(respond(recorded)).then((answer) => {
        load.inFlight -= 1;
        response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        response.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return load.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
