// bench:analytics's console: reads the show report every second from its own process, as a marketer's browser
// would, so the 5,000-socket load generator's event-loop lag (p99 ~100 ms, seconds at worst on a loaded machine) is
// not counted as the report's. BENCH_REPORT_URL and BENCH_REPORT_COOKIE; 'start' begins, 'stop' answers the times.
const url = process.env.BENCH_REPORT_URL!;
const cookie = process.env.BENCH_REPORT_COOKIE!;
const times: number[] = [];
let errors = 0;
const read = () => fetch(url, { headers: { cookie } });
let timer: NodeJS.Timeout | null = null;
// Ends with the benchmark, whichever way it ends.
process.on('disconnect', () => process.exit(0));

process.on('message', async (message: { type: string }) => {
  if (message.type === 'start') {
    // The first reads of a fresh web node compile its queries and sessions and compute the first report (~1-3 s on
    // a loaded machine): timed apart; the p99 is that of a console that is running.
    const cold = performance.now();
    for (let i = 0; i < 3; i++) await (await read()).arrayBuffer();
    const coldMs = performance.now() - cold;
    timer = setInterval(() => {
      const t0 = performance.now();
      read().then(
        async (response) => {
          await response.arrayBuffer();
          if (response.ok) times.push(performance.now() - t0);
          else errors++;
        },
        () => errors++,
      );
    }, 1000);
    process.send!({ type: 'started', coldMs });
  }
  if (message.type === 'stop') {
    if (timer) clearInterval(timer);
    process.send!({ type: 'stopped', times, errors });
    process.disconnect();
  }
});
