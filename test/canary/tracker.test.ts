// The canary's bookkeeping, replayed from histories of sends, acknowledgements, receipts and sweeps:
// what counts as lost (and only after the grace time), late, duplicated, redelivered and out of order.
import { describe, expect, it } from 'vitest';
import { MAX_LOST_KEPT, Tracker, type PartitionStats } from '../../agents/canary/tracker.ts';

type Event =
  | ['send', number, number] // partition, how many
  | ['ack', number, number, number, number] // partition, seq, offset, at
  | ['fail', number, number, number] // partition, seq, at
  | ['recv', number, number, number] // partition, seq, offset
  | ['sweep', number] // at
  | ['leader', number, boolean, number]; // partition, has a leader, at

const GRACE = 1000;

function replay(events: readonly Event[], partitions = 2): Tracker {
  const t = new Tracker(partitions, GRACE);
  for (const e of events) {
    if (e[0] === 'send') for (let i = 0; i < e[2]; i++) t.send(e[1]);
    if (e[0] === 'ack') t.acknowledged(e[1], e[2], e[3], e[4]);
    if (e[0] === 'fail') t.produceFailed(e[1], e[2], e[3]);
    if (e[0] === 'recv') t.received(e[1], e[2], e[3], 5);
    if (e[0] === 'sweep') t.sweep(e[1]);
    if (e[0] === 'leader') t.leader(e[1], e[2], e[3]);
  }
  return t;
}

/** Three messages of partition 0 sent and acknowledged at t=0, at offsets 10, 11, 12. */
const SENT3: Event[] = [['send', 0, 3], ['ack', 0, 0, 10, 0], ['ack', 0, 1, 11, 0], ['ack', 0, 2, 12, 0]];

describe('Tracker', () => {
  it.each<[string, Event[], Partial<PartitionStats>]>([
    ['all received: nothing lost', [...SENT3, ['recv', 0, 0, 10], ['recv', 0, 1, 11], ['recv', 0, 2, 12], ['sweep', 5000]], { sent: 3, acknowledged: 3, received: 3, pending: 0, lost: [], lostTotal: 0 }],
    ['missing within the grace time: pending, not lost', [...SENT3, ['recv', 0, 0, 10], ['sweep', GRACE - 1]], { received: 1, pending: 2, lost: [], lostTotal: 0 }],
    ['missing after the grace time: lost, named by offset', [...SENT3, ['recv', 0, 1, 11], ['sweep', GRACE]], { received: 1, pending: 0, lost: [{ seq: 0, offset: 10 }, { seq: 2, offset: 12 }], lostTotal: 2 }],
    ['grace counts from the acknowledgement, not the send', [['send', 0, 1], ['ack', 0, 0, 10, 5000], ['sweep', 5500]], { pending: 1, lost: [] }],
    ['lost, then arrives: late, no longer lost', [...SENT3, ['sweep', GRACE], ['recv', 0, 0, 10]], { received: 1, late: 1, lost: [{ seq: 1, offset: 11 }, { seq: 2, offset: 12 }], lostTotal: 3 }],
    ['the same sequence at a new offset: duplicated', [...SENT3, ['recv', 0, 0, 10], ['recv', 0, 1, 11], ['recv', 0, 1, 13]], { received: 2, duplicated: 1, redelivered: 0 }],
    ['an offset read again (rebalance): redelivered, not duplicated', [...SENT3, ['recv', 0, 0, 10], ['recv', 0, 1, 11], ['recv', 0, 0, 10], ['recv', 0, 1, 11]], { received: 2, duplicated: 0, redelivered: 2 }],
    ['received after a later sequence: out of order', [...SENT3, ['recv', 0, 1, 10], ['recv', 0, 0, 11], ['recv', 0, 2, 12]], { received: 3, outOfOrder: 1 }],
    ['in order: none out of order', [...SENT3, ['recv', 0, 0, 10], ['recv', 0, 1, 11], ['recv', 0, 2, 12]], { outOfOrder: 0 }],
    ['received before its acknowledgement came: not awaited after it', [['send', 0, 1], ['recv', 0, 0, 10], ['ack', 0, 0, 10, 0], ['sweep', 9000]], { received: 1, acknowledged: 1, pending: 0, inFlight: 0, lost: [] }],
    ['a failed produce is never lost, even when it never arrives', [['send', 0, 2], ['fail', 0, 0, 0], ['fail', 0, 1, 0], ['sweep', 9000]], { produceErrors: 2, acknowledged: 0, lost: [], inFlight: 0 }],
    ['a failed produce that was written after all: received, not a duplicate', [['send', 0, 1], ['fail', 0, 0, 0], ['recv', 0, 0, 10]], { produceErrors: 1, received: 1, duplicated: 0 }],
    ['sent and unanswered: in flight, not pending', [['send', 0, 2], ['ack', 0, 0, 10, 0]], { sent: 2, inFlight: 1, pending: 1 }],
    ['time without a leader adds up over spells, the current one included', [['leader', 0, false, 100], ['leader', 0, false, 200], ['leader', 0, true, 600], ['leader', 0, false, 1000]], { leaderlessMs: 500 + 500 }],
  ])('%s', (_name, events, want) => {
    const stats = replay(events).stats(1500)[0]!;
    expect(stats).toMatchObject(want);
  });

  it('keeps partitions apart: a loss in one is not seen in another', () => {
    const t = replay([['send', 0, 1], ['send', 1, 1], ['ack', 0, 0, 5, 0], ['ack', 1, 0, 5, 0], ['recv', 1, 0, 5], ['sweep', GRACE]]);
    const [p0, p1] = t.stats(GRACE);
    expect(p0!.lost).toEqual([{ seq: 0, offset: 5 }]);
    expect(p1!.lost).toEqual([]);
    expect(p1!.received).toBe(1);
  });

  it('sweep returns only what it newly declared lost', () => {
    const t = replay(SENT3);
    expect(t.sweep(GRACE - 1)).toEqual([]);
    expect(t.sweep(GRACE).map((l) => l.offset)).toEqual([10, 11, 12]);
    expect(t.sweep(GRACE * 2)).toEqual([]);
  });

  it('is settled once nothing is in flight or awaited', () => {
    const t = replay([['send', 0, 1]]);
    expect(t.settled()).toBe(false);
    t.acknowledged(0, 0, 1, 0);
    expect(t.settled()).toBe(false);
    t.received(0, 0, 1, 3);
    expect(t.settled()).toBe(true);
  });

  it('keeps the worst latency of first receipts', () => {
    const t = new Tracker(1, GRACE);
    for (let i = 0; i < 3; i++) t.send(0);
    t.received(0, 0, 0, 40);
    t.received(0, 1, 1, 900);
    t.received(0, 2, 2, 70);
    expect(t.stats(0)[0]!.maxLatencyMs).toBe(900);
  });

  it(`keeps at most ${MAX_LOST_KEPT} lost messages a partition, and counts the rest`, () => {
    const t = new Tracker(1, GRACE);
    for (let i = 0; i < MAX_LOST_KEPT + 5; i++) t.acknowledged(0, t.send(0), i, 0);
    t.sweep(GRACE);
    const s = t.stats(GRACE)[0]!;
    expect([s.lostNow, s.lost.length, s.lostTotal]).toEqual([MAX_LOST_KEPT + 5, MAX_LOST_KEPT, MAX_LOST_KEPT + 5]);
  });

  it('refuses a partition the topic does not have', () => {
    expect(() => new Tracker(3, GRACE).send(3)).toThrow('no partition 3 (the topic has 3)');
  });
});
