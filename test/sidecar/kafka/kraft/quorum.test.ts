import { describe, expect, it } from 'vitest';
import { lagOf, leaderNow, quorumOutcome } from '../../../../agents/sidecar/kafka/kraft/quorum.ts';
import { renderQuorum } from '../../../../agents/sidecar/kafka/kraft/quorum-metrics.ts';
import type { QuorumState, ReplicaState } from '../../../../agents/sidecar/kafka/wire/describe-quorum.ts';
import { expectGolden } from '../../../support/golden.ts';

const NOW = 1_800_000_000_000;
const r = (id: number, logEndOffset: number, caughtUpAgo: number | undefined): ReplicaState => ({
  id,
  logEndOffset,
  lastFetchTimestamp: caughtUpAgo === undefined ? -1 : NOW - caughtUpAgo,
  lastCaughtUpTimestamp: caughtUpAgo === undefined ? -1 : NOW - caughtUpAgo,
});

/** Leader 1001 at epoch 4, high watermark 5000; 1000 caught up, 1002 far behind, one broker observing. */
const quorum = (voters: ReplicaState[] = [r(1000, 4998, 200), r(1001, 5003, 0), r(1002, 3000, 40_000)], o: Partial<QuorumState> = {}): QuorumState => ({
  errorCode: 0,
  errorMessage: null,
  leaderId: 1001,
  leaderEpoch: 4,
  highWatermark: 5000,
  voters,
  observers: [r(1, 5000, 100)],
  nodes: new Map(),
  ...o,
});
const bounds = { maxLag: 1000, maxLagMs: 5000 };

describe('KRaft controller quorum check', () => {
  it('reads the leader\'s clock from its own entry, and lag in records and time from it', () => {
    expect(leaderNow(quorum())).toBe(NOW);
    expect(lagOf(quorum(), r(1000, 4998, 200))).toEqual({ id: 1000, records: 2, ms: 200 });
    expect(lagOf(quorum(), r(1002, -1, undefined))).toEqual({ id: 1002, records: undefined, ms: undefined });
    // A log end past the high watermark (the leader's own, before followers confirm it) is no lag.
    expect(lagOf(quorum(), r(1001, 5003, 0)).records).toBe(0);
  });

  it.each([
    ['the leader itself', 1001, quorum(), true, 'leader of the quorum (epoch 4, high watermark 5000, voters 1000,1001,1002)'],
    ['a caught-up follower', 1000, quorum(), true, 'voter 1000 follows leader 1001 (epoch 4): 2 records behind the high watermark 5000, caught up 0.2s ago'],
    ['a follower too many records behind', 1002, quorum(), false, 'voter 1002 is behind leader 1001: log end offset 3000, high watermark 5000, 2000 records behind (SIDECAR_QUORUM_MAX_LAG is 1000)'],
    // Restarted: the leader still holds the offset from before; close in records, but it has not fetched since.
    ['a follower the leader has not heard from for a while', 1000, quorum([r(1000, 4990, 12_000), r(1001, 5000, 0)]), false,
      'voter 1000 is behind leader 1001: last caught up 12.0s ago on the leader\'s clock (SIDECAR_QUORUM_MAX_LAG_TIME is 5.0s)'],
    ['a follower whose log end the leader does not know', 1000, quorum([r(1000, -1, undefined), r(1001, 5000, 0)]), false, 'voter 1000 is behind leader 1001: the leader does not know its log end offset yet'],
    ['a follower never seen caught up', 1000, quorum([r(1000, 4999, undefined), r(1001, 5000, 0)]), false, 'voter 1000 is behind leader 1001: the leader has not seen it caught up yet'],
    ['a node that is not a voter', 1003, quorum(), false, 'node 1003 is not a voter of the quorum led by 1001: voters are 1000,1001,1002'],
    ['a broker (an observer)', 1, quorum(), false, 'node 1 is not a voter of the quorum led by 1001: voters are 1000,1001,1002 (it is an observer)'],
    ['no leader', 1000, quorum(undefined, { leaderId: -1 }), false, 'the quorum has no leader: an election is under way, or fewer than a majority of voters are up'],
    ['an error', 1000, quorum(undefined, { errorCode: 6, errorMessage: 'not the leader' }), false, 'DescribeQuorum failed with Kafka error code 6 (not the leader)'],
  ])('%s', (_what, id, q, ok, reason) => {
    const outcome = quorumOutcome(id, q, bounds);
    expect([outcome.ok, outcome.reason]).toEqual([ok, reason]);
  });

  it.each([
    ['as advertised', { name: 'CONTROLLER', host: 'c-0', port: 9093 }, true, 'voter 1000 follows leader 1001'],
    ['by another host', { name: 'CONTROLLER', host: 'c-0.old', port: 9093 }, false, 'voter 1000 is known to the quorum as CONTROLLER://c-0:9093 but its config advertises CONTROLLER://c-0.old:9093'],
    ['under a listener name the quorum does not list', { name: 'CTRL', host: 'c-9', port: 1 }, true, 'voter 1000 follows leader 1001'],
  ])('a voter known to the quorum %s', (_what, expected, ok, reason) => {
    const q = quorum(undefined, { nodes: new Map([[1000, [{ name: 'CONTROLLER', host: 'c-0', port: 9093 }]]]) });
    const outcome = quorumOutcome(1000, q, bounds, expected);
    expect([outcome.ok, outcome.reason.slice(0, reason.length)]).toEqual([ok, reason]);
  });

  it.each([
    [1, 5000, false],
    [2, 5000, true],
    [2, 199, false],
    [2, 200, true],
  ])('with SIDECAR_QUORUM_MAX_LAG=%i and _TIME=%ims a follower 2 records and 200 ms behind is caught up: %s', (maxLag, maxLagMs, ok) => {
    expect(quorumOutcome(1000, quorum(), { maxLag, maxLagMs }).ok).toBe(ok);
  });

  it('renders the quorum series as the golden /metrics text', () => {
    expectGolden('sidecar/kraft-quorum.metrics.txt', renderQuorum(quorum()));
    expect(renderQuorum(undefined)).toBe('');
  });
});
