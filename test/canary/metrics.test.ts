// The canary's /metrics from a replayed history, compared whole with a golden file; every count read
// from the tracker at the scrape.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { canaryMetrics } from '../../agents/canary/metrics.ts';
import { Tracker } from '../../agents/canary/tracker.ts';
import { expectGolden } from '../support/golden.ts';

/** Partition 0: 3 acknowledged, 2 received (one again at a new offset), 1 lost; partition 1: a failed produce, 4 s without a leader. */
function history(): Tracker {
  const t = new Tracker(2, 1000);
  for (let i = 0; i < 3; i++) t.acknowledged(0, t.send(0), 10 + i, 0);
  t.received(0, 0, 10, 12);
  t.received(0, 1, 11, 480);
  t.received(0, 1, 13, 3);
  t.produceFailed(1, t.send(1), 0);
  t.leader(1, false, 1000);
  t.leader(1, true, 5000);
  t.sweep(1000);
  return t;
}

describe('canary metrics', () => {
  it('renders the golden /metrics', async () => {
    const registry = new Registry();
    const t = history();
    const m = canaryMetrics(registry, { topic: 'canary', stats: () => t.stats(6000) });
    m.observeLatency(0, 0.012);
    m.observeLatency(0, 0.48);
    m.ready(true);
    expectGolden('canary/metrics.txt', await registry.metrics());
  });

  it('follows the tracker from one scrape to the next', async () => {
    const registry = new Registry();
    const t = new Tracker(1, 1000);
    canaryMetrics(registry, { topic: 'c', stats: () => t.stats(0) });
    expect(await registry.metrics()).toContain('canary_messages_sent_total{topic="c",partition="0"} 0');
    t.acknowledged(0, t.send(0), 0, 0);
    const text = await registry.metrics();
    expect(text).toContain('canary_messages_sent_total{topic="c",partition="0"} 1');
    expect(text).toContain('canary_messages_pending{topic="c",partition="0"} 1');
  });

  it('has no series before the topic is known', async () => {
    const registry = new Registry();
    canaryMetrics(registry, { topic: 'c', stats: () => [] });
    expect(await registry.metrics()).not.toMatch(/partition="/);
  });
});
