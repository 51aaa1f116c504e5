// The production topology run (tests/topology/run-topology.ts, also `npm run test:topology`) inside `npm test`:
// the same driver, its measured values asserted.
import { expect, it } from 'vitest';
import { runTopology } from './run-topology';

it('serves a show through nginx on two web, two realtime, one media and one worker process, losing nothing when one realtime and one web process are killed', async () => {
  const result = await runTopology();
  console.log(JSON.stringify(result));
  expect(result.processes).toBe(6);
  expect(result.killed).toBe(2);
  expect(result.through_nginx).toBe(true);
  // The host went live over WHIP and every viewer heard it from the realtime nodes; HLS played through nginx.
  expect(result.live_seen_by).toBe(result.viewers);
  expect(result.hls_segments_played).toBeGreaterThanOrEqual(2);
  // Viewers on the killed realtime node reconnected to the other one (a crashed node saved no session to recover,
  // so they rejoined and took the chat history of the join snapshot, as the web client does).
  expect(result.viewers_reconnected).toBeGreaterThan(0);
  expect(result.chat_acked).toBeGreaterThan(0);
  expect(result.chat_lost).toBe(0);
  // More buyers than units raced; every unit sold once, and every payment taken ended in a paid order.
  expect(result.sold).toBeGreaterThan(0);
  expect(result.oversold).toBe(0);
  expect(result.paid).toBe(result.sold);
  expect(result.paid_orders_lost).toBe(0);
}, 420_000);
