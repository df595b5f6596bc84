import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../agents/sidecar/checks/check.ts';
import { isrOutcome, type PartitionState } from '../../../agents/sidecar/kafka/isr.ts';
import { kafkaVerdict, nextHoldBack, NO_HOLD_BACK, type HoldBack } from '../../../agents/sidecar/kafka/verdict.ts';

const ok = (check: string): [string, CheckResult] => [check, { check, ok: true, reason: `${check} ok`, at: 0, durationSeconds: 0 }];
const bad = (check: string): [string, CheckResult] => [check, { check, ok: false, reason: `${check} bad`, at: 0, durationSeconds: 0 }];
const p = (partition: number, leader: number | undefined, isr: number[]): PartitionState => ({ topic: 't', partition, replicas: [0, 1, 2], leader, isr });
/** Broker 0's isr check over these partitions, with brokers `live` registered. */
const isr = (parts: PartitionState[], live = [0, 1, 2]): [string, CheckResult] => ['isr', { check: 'isr', ...isrOutcome(0, parts, new Set(live)), at: 0, durationSeconds: 0 }];
const base = [ok('broker'), ok('registration')];
const MIN = 60_000;

const behindLive = isr([p(0, 1, [1, 2])]);
const behindOffline = isr([p(0, -1, [1])]);
const behindUnregistered = isr([p(0, 2, [2])], [0, 1]);
const behindBoth = isr([p(0, -1, [1]), p(1, 1, [1, 2])]);
const noStateYet = isr([p(0, undefined, [])]);

/** Runs the hold-back clock over rounds at these times (ms), then gives the verdict of the last. */
function after(rounds: Array<[number, Array<[string, CheckResult]>]>, maxWait = 10 * MIN) {
  let hold: HoldBack = NO_HOLD_BACK;
  let last = { ready: false, reason: '' };
  for (const [at, res] of rounds) {
    const m = new Map(res);
    hold = nextHoldBack(hold, m, at);
    last = kafkaVerdict(m, hold, at, maxWait);
  }
  return last;
}

describe('kafka verdict: SIDECAR_ISR_MAX_WAIT releases only what waiting cannot help', () => {
  it.each([
    ['all pass', [[0, [...base, ok('isr')]]], 10 * MIN, true, 'broker ok; registration ok; isr ok'],
    ['broker down', [[0, [bad('broker'), ok('registration'), ok('isr')]]], 10 * MIN, false, 'broker: broker bad'],
    ['not registered', [[0, [ok('broker'), bad('registration'), ok('isr')]]], 10 * MIN, false, 'registration: registration bad'],
    ['behind a live leader, within the wait', [[0, [...base, behindLive]], [5 * MIN, [...base, behindLive]]], 10 * MIN, false, 'catching up on t-0; held back for 300s, and waits however long'],
    ['behind a live leader, far past the wait: still unready', [[0, [...base, behindLive]], [60 * MIN, [...base, behindLive]]], 10 * MIN, false, 'catching up on t-0; held back for 3600s'],
    ['leaderless partition, within the wait', [[0, [...base, behindOffline]], [MIN, [...base, behindOffline]]], 10 * MIN, false, 'cannot catch up on t-0 (no leader: offline); held back for 60s; ready in 540s'],
    ['leaderless partition, past the wait: released, naming it', [[0, [...base, behindOffline]], [11 * MIN, [...base, behindOffline]]], 10 * MIN, true,
      'broker ok; registration ok; ready although out of the ISR: for 660s, past SIDECAR_ISR_MAX_WAIT, waiting could not help (broker 0 is not in the ISR of 1 of its 1 partitions: cannot catch up on t-0 (no leader: offline))'],
    ['leader not registered, past the wait: released', [[0, [...base, behindUnregistered]], [11 * MIN, [...base, behindUnregistered]]], 10 * MIN, true, 't-0 (leader 2 is not registered: offline)'],
    ['one stuck and one behind a live leader, past the wait: still unready', [[0, [...base, behindBoth]], [11 * MIN, [...base, behindBoth]]], 10 * MIN, false, 'catching up on t-1; cannot catch up on t-0 (no leader: offline); held back for 660s, and waits'],
    ['no partition state yet (the controller writes it): held', [[0, [...base, noStateYet]], [11 * MIN, [...base, noStateYet]]], 10 * MIN, false, 'catching up on t-0'],
    ['the isr check could not read ZooKeeper: unknown is not safe', [[0, [...base, bad('isr')]], [11 * MIN, [...base, bad('isr')]]], 10 * MIN, false, 'isr: isr bad; held back for 660s, and waits'],
    ['stuck, but 0s waits without limit', [[0, [...base, behindOffline]], [600 * MIN, [...base, behindOffline]]], 0, false, 'SIDECAR_ISR_MAX_WAIT=0s waits without limit'],
    ['stuck past the wait but not registered', [[0, [ok('broker'), bad('registration'), behindOffline]], [11 * MIN, [ok('broker'), bad('registration'), behindOffline]]], 10 * MIN, false, 'registration: registration bad'],
    ['the wait counts from when waiting stopped helping, not from the first hold-back',
      [[0, [...base, behindLive]], [9 * MIN, [...base, behindOffline]], [11 * MIN, [...base, behindOffline]]], 10 * MIN, false, 'held back for 660s; ready in 480s'],
    ['a live leader coming back restarts the wait', [[0, [...base, behindOffline]], [9 * MIN, [...base, behindLive]], [10 * MIN, [...base, behindOffline]], [15 * MIN, [...base, behindOffline]]], 10 * MIN, false, 'ready in 300s'],
  ] as Array<[string, Array<[number, Array<[string, CheckResult]>]>, number, boolean, string]>)('%s', (_name, rounds, maxWait, ready, reason) => {
    const v = after(rounds, maxWait);
    expect(v.ready).toBe(ready);
    expect(v.reason).toContain(reason);
  });
});

describe('ISR hold-back clock', () => {
  it.each([
    ['starts when only the ISR fails', NO_HOLD_BACK, [...base, behindLive], 50, { since: 50, stuckSince: undefined }],
    ['keeps its start while the ISR still fails', { since: 10, stuckSince: undefined }, [...base, behindLive], 50, { since: 10, stuckSince: undefined }],
    ['starts the stuck clock when every partition behind is stuck', { since: 10, stuckSince: undefined }, [...base, behindOffline], 50, { since: 10, stuckSince: 50 }],
    ['stops when the ISR passes', { since: 10, stuckSince: 20 }, [...base, ok('isr')], 50, NO_HOLD_BACK],
    ['does not run while the broker is down', { since: 10, stuckSince: 20 }, [bad('broker'), ok('registration'), behindOffline], 50, NO_HOLD_BACK],
    ['does not run while unregistered', NO_HOLD_BACK, [ok('broker'), bad('registration'), behindOffline], 50, NO_HOLD_BACK],
  ] as Array<[string, HoldBack, Array<[string, CheckResult]>, number, HoldBack]>)('%s', (_name, previous, res, now, want) => {
    expect(nextHoldBack(previous, new Map(res), now)).toEqual(want);
  });
});
