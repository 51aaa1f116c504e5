// The advisors' side of bench:chat in its own process (they receive every message of the brand: 50 sockets x the
// whole message rate), so decoding their frames does not slow the customers' process that sends and times.
// Each customer message carries its send time (#m<seq>t<ms>); latency = arrival - send time, same machine clock.
//   argv: JSON [{ url, cookie }]; IPC: 'ready' after connecting, then 'report' (latencies: true for the final
//   one) -> { latencies, received per marker }.
import { ChatSocket } from './chat-socket';
import { sampleLoopStalls } from './loop-stalls';

const advisors = JSON.parse(process.argv[2] ?? '[]') as { url: string; cookie: string }[];
const latencies: number[] = [];
/** Each delivery's send time (ms), beside its latency: the run reports latency by second of sending. */
const sendTimes: number[] = [];
const received = new Map<string, number>();
const loopStalls = sampleLoopStalls();
let unexpected = 0;
const sockets = advisors.map(
  ({ url, cookie }) =>
    new ChatSocket(url, cookie, (frame) => {
      if (frame.sender !== 'CUSTOMER') return;
      const match = /#(m\d+)t(\d+)$/.exec(frame.text);
      if (!match) return void unexpected++;
      latencies.push(Date.now() - Number(match[2]));
      sendTimes.push(Number(match[2]));
      received.set(match[1]!, (received.get(match[1]!) ?? 0) + 1);
    }),
);
for (const socket of sockets) await socket.connect();
process.send!({ type: 'ready' });
process.on('message', (message: { type: string; latencies?: boolean }) => {
  if (message.type !== 'report') return;
  const cpu = process.cpuUsage();
  // The latencies (150,000 numbers) only in the final report: serialising them every 250 ms while draining held
  // this process's event loop, so frames read after it looked late.
  process.send!({
    type: 'report',
    latencies: message.latencies ? latencies : [],
    sendTimes: message.latencies ? sendTimes : [],
    received: Object.fromEntries(received),
    unexpected,
    dropped: sockets.filter((socket) => socket.closedUnexpectedly).length,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    stalls: loopStalls.since(0),
  });
});
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
