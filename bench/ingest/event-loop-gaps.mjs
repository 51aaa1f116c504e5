// Diagnostic preload for any Node process of a benchmark run: appends to $EVENT_LOOP_GAPS_LOG one line per pause of
// this process's event loop longer than 300 ms, with the CPU it used meanwhile. Little CPU over a long gap: the
// process was descheduled (the machine is starved); CPU close to the gap: it was busy (blocked its own loop).
// Set on every process of a run at once, media node, publishers, viewers and driver included:
//   EVENT_LOOP_GAPS_LOG=/tmp/gaps.log NODE_OPTIONS="--import $PWD/bench/ingest/event-loop-gaps.mjs" npm run bench:ingest
// A stall seen at the viewers at the same moment as a gap in one process points at that process.
import { appendFileSync } from 'node:fs';

const log = process.env.EVENT_LOOP_GAPS_LOG;
if (log) {
  const who = `${process.pid} ${process.argv
    .slice(1)
    .map((arg) => arg.split('/').pop())
    .join(' ')
    .slice(0, 60)}`;
  let last = Date.now();
  let cpu = process.cpuUsage();
  setInterval(() => {
    const now = Date.now();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    if (now - last > 300) {
      const usedMs = Math.round((used.user + used.system) / 1000);
      appendFileSync(log, `${new Date(last).toISOString()} gap ${now - last} ms, cpu ${usedMs} ms: ${who}\n`);
    }
    last = now;
  }, 50).unref();
}
