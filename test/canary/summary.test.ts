// The summary line and a job's verdict: lost messages named by partition and offset ranges.
import { describe, expect, it } from 'vitest';
import { jobVerdict, lostPhrase, MAX_RANGES, offsetRanges, summaryFields } from '../../agents/canary/summary.ts';
import { Tracker } from '../../agents/canary/tracker.ts';

const lost = (...offsets: number[]) => offsets.map((offset, seq) => ({ seq, offset }));

describe('summary', () => {
  it.each([
    [[], ''],
    [[7], '7'],
    [[12, 13, 14, 15, 20], '12-15, 20'],
    [[20, 12, 14, 13, 13], '12-14, 20'],
    [[1, 3, 5], '1, 3, 5'],
  ])('offsets %j read as %j', (offsets, want) => {
    expect(offsetRanges(lost(...offsets))).toBe(want);
  });

  it(`writes out at most ${MAX_RANGES} ranges and counts the rest`, () => {
    const every2nd = Array.from({ length: MAX_RANGES + 3 }, (_, i) => i * 2);
    expect(offsetRanges(lost(...every2nd))).toBe(`${every2nd.slice(0, MAX_RANGES).join(', ')} and 3 more ranges`);
  });

  it('says when only the first lost messages are listed', () => {
    expect(lostPhrase('canary', 2, lost(5, 6, 7), 12)).toBe('canary-2 offsets 5-7 (12 messages, the first 3 listed)');
    expect(lostPhrase('canary', 2, lost(5))).toBe('canary-2 offsets 5 (1 message)');
  });

  /** Partition 0: 4 acknowledged, offsets 100-101 received; partition 1: 2 acknowledged and received. */
  function tracker(): Tracker {
    const t = new Tracker(2, 1000);
    for (let s = 0; s < 4; s++) t.acknowledged(0, t.send(0), 100 + s, 0);
    for (let s = 0; s < 2; s++) t.acknowledged(1, t.send(1), 50 + s, 0);
    t.received(0, 0, 100, 10);
    t.received(0, 1, 101, 30);
    t.received(1, 0, 50, 20);
    t.received(1, 1, 51, 20);
    return t;
  }

  it('a job that lost messages fails, naming the partition and offsets', () => {
    const t = tracker();
    t.sweep(1000);
    const v = jobVerdict('canary', t.stats(1000));
    expect(v).toEqual({ ok: false, message: 'lost 2 acknowledged messages: canary-0 offsets 102-103 (2 messages)' });
  });

  it('a job that lost nothing passes, with its counts', () => {
    const t = tracker();
    t.received(0, 2, 102, 10);
    t.received(0, 3, 103, 10);
    expect(jobVerdict('canary', t.stats(1000))).toEqual({
      ok: true,
      message: 'nothing lost: sent 6, acknowledged 6, received 6, lost 0, duplicated 0, out of order 0, produce errors 0, worst latency 30 ms',
    });
  });

  it('a job where nothing was acknowledged proves nothing, and fails', () => {
    const t = new Tracker(1, 1000);
    t.produceFailed(0, t.send(0), 0);
    expect(jobVerdict('canary', t.stats(0))).toMatchObject({ ok: false, message: expect.stringContaining('no message was acknowledged (1 sent, 1 produce errors)') });
  });

  it('the summary line lists only partitions with something to say', () => {
    const t = tracker();
    t.sweep(1000);
    const f = summaryFields('canary', t.stats(1000));
    expect(f).toMatchObject({ sent: 6, acknowledged: 6, received: 4, lost: 2, maxLatencyMs: 30, lostMessages: ['canary-0 offsets 102-103 (2 messages)'] });
    expect((f.partitions as Array<{ partition: number }>).map((p) => p.partition)).toEqual([0]);
    expect(summaryFields('canary', new Tracker(2, 1000).stats(0))).not.toHaveProperty('partitions');
  });
});
