import { describe, expect, it } from 'vitest';
import { canaryCounts, costOf, worstLatencyBound, type Sample } from './monitor.ts';

const metrics = (sent: number, lost: number, buckets: Array<[string, number]>) =>
  [
    '# TYPE canary_messages_sent_total counter',
    `canary_messages_sent_total{topic="canary",partition="0"} ${sent}`,
    `canary_messages_sent_total{topic="canary",partition="1"} ${sent}`,
    `canary_messages_lost_total{topic="canary",partition="1"} ${lost}`,
    `canary_messages_duplicated_total{topic="canary",partition="2"} 1`,
    ...buckets.map(([le, n]) => `canary_end_to_end_latency_seconds_bucket{le="${le}",topic="canary",partition="0"} ${n}`),
  ].join('\n');

describe('canaryCounts', () => {
  it('sums the per-partition series and the histogram by bound', () => {
    const c = canaryCounts(metrics(5, 2, [['0.1', 3], ['1', 4], ['+Inf', 5]]));
    expect([c.sent, c.lost, c.duplicated, c.produceErrors]).toEqual([10, 2, 1, 0]);
    expect([...c.latencyBuckets]).toEqual([[0.1, 3], [1, 4], [Infinity, 5]]);
  });
});

describe('worstLatencyBound', () => {
  const before = canaryCounts(metrics(0, 0, [['0.1', 3], ['1', 4], ['+Inf', 5]]));
  it.each([
    ['every new observation under 0.1 s', [['0.1', 9], ['1', 10], ['+Inf', 11]], 0.1],
    ['one new observation between 0.1 and 1 s', [['0.1', 8], ['1', 10], ['+Inf', 11]], 1],
    ['one above the last bound', [['0.1', 8], ['1', 9], ['+Inf', 11]], Infinity],
    ['nothing observed', [['0.1', 3], ['1', 4], ['+Inf', 5]], 0],
  ] as Array<[string, Array<[string, number]>, number]>)('%s', (_, after, want) => {
    expect(worstLatencyBound(before, canaryCounts(metrics(0, 0, after)))).toBe(want);
  });
});

describe('costOf', () => {
  it('counts time unready and under min ISR from the sample before each interval', () => {
    const s = (t: number, unready: string[], urp: number | undefined, minIsr: number | undefined): Sample => ({ t, unready, underReplicated: urp, underMinIsr: minIsr });
    const samples = [s(0, [], 0, 0), s(1000, ['kafka-1'], 2, 0), s(2000, ['kafka-1'], 3, 1), s(3500, [], undefined, undefined), s(4000, [], 0, 0)];
    const c = costOf('x', samples, canaryCounts(metrics(1, 0, [])), canaryCounts(metrics(4, 0, [])));
    expect(c).toMatchObject({ seconds: 4, unreadySeconds: 2.5, maxUnderReplicated: 3, underMinIsrSeconds: 1.5, maxUnderMinIsr: 1, sent: 6, lost: 0 });
  });
});
