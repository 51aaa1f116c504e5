// The example dashboard and alert rules query only metrics a Livecart process exports: a renamed metric fails here,
// not silently on an operator's screen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../media/media-metrics';
import { metricsRegistry } from '../../server/observability/metrics';

const here = path.dirname(new URL(import.meta.url).pathname);
const read = (file: string) => readFileSync(path.join(here, file), 'utf8');

function queriedMetrics(text: string): string[] {
  const names = text.match(/\b(livecart|nodejs|process)_[a-z0-9_]+\b/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/_(bucket|count|sum)$/, '')))];
}

describe('observability examples', () => {
  it('query metrics that exist', async () => {
    const exported = new Set((await metricsRegistry.getMetricsAsJSON()).map((metric) => metric.name));
    const dashboard = read('grafana-dashboard.json');
    const rules = read('livecart-alerts.yml');
    const queried = [...queriedMetrics(dashboard), ...queriedMetrics(rules)];
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((name) => !exported.has(name))).toEqual([]);
    const panels = (JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] }).panels;
    expect(panels.every((panel) => panel.targets.every((target) => target.expr.length > 0))).toBe(true);
    expect(rules.match(/- alert: /g)?.length).toBeGreaterThanOrEqual(8);
  });
});
