// Child process for the benchmarks: the media node alone (WHIP, the ingest engine, one ffmpeg packager per show,
// the live playlists), as ROLE=media runs it in production, so that its CPU is the ingest path's and nothing else:
// the benchmark's driver, its Chromium, its viewers and the HLS files they download are served from other processes
// (in production nginx serves HLS from the media node's disk). Talks to the parent over IPC (media-node.ts).
// Usage (forked): media-node-child.ts <engine> <options JSON>
import { engineOptions, type IngestEngineName } from '../../media/test-support/ingest-engines';
import { startMediaTestServer } from '../../media/test-support/media-test-server';

const engine = process.argv[2] as IngestEngineName;
const options = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const server = await startMediaTestServer({ ...options, ...engineOptions(engine) });

type Request =
  | { id: number; type: 'grant'; key: string; showId: string }
  | { id: number; type: 'state' }
  | { id: number; type: 'close' };

const send = (message: unknown) => process.send!(message);
process.on('message', async (request: Request) => {
  if (request.type === 'grant') {
    server.auth.grant(request.key, request.showId);
    send({ id: request.id });
  } else if (request.type === 'state') {
    const liveShows = [
      ...new Set(
        server.events.filter((e) => e.name === 'stream:live').map((e) => (e.payload as { showId: string }).showId),
      ),
    ];
    const packagerPids = Object.fromEntries(liveShows.map((showId) => [showId, server.media.packagerPid(showId)]));
    // Publishers the node saw leave (ICE/DTLS down or no RTP for the inactivity limit), per show.
    const publisherLosses: Record<string, number> = {};
    for (const event of server.events) {
      if (event.name !== 'stream:reconnecting') continue;
      const { showId } = event.payload as { showId: string };
      publisherLosses[showId] = (publisherLosses[showId] ?? 0) + 1;
    }
    send({
      id: request.id,
      liveShows,
      packagerPids,
      publisherLosses,
      sfuPids: server.media.sfuProcessIds(),
      health: server.media.health(),
    });
  } else if (request.type === 'close') {
    await server.close();
    send({ id: request.id });
    process.exit(0);
  }
});
process.on('disconnect', () => void server.close().finally(() => process.exit(0)));

try {
  const ready = await server.media.engineReady();
  send({ type: 'ready', engine: ready, baseUrl: server.baseUrl, hlsDir: server.hlsDir });
} catch (error) {
  send({ type: 'failed', error: (error as Error).message });
}
