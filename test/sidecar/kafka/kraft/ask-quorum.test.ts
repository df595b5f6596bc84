// Which node the quorum check asks, and what it says when that fails. The controllers here are plain
// objects answering as Kafka's do (the integration tests run the real ones): a follower answers
// DescribeQuorum with NOT_LEADER_OR_FOLLOWER and names its leader in DescribeCluster.
import { describe, expect, it } from 'vitest';
import { askQuorum, NOT_LEADER_OR_FOLLOWER } from '../../../../agents/sidecar/kafka/kraft/ask-quorum.ts';
import type { DescribedCluster } from '../../../../agents/sidecar/kafka/wire/describe-cluster.ts';
import type { QuorumState } from '../../../../agents/sidecar/kafka/wire/describe-quorum.ts';

const state = (errorCode: number, leaderId = 1001): QuorumState => ({ errorCode, errorMessage: null, leaderId, leaderEpoch: 3, highWatermark: 10, voters: [], observers: [], nodes: new Map() });
const cluster = (controllerId: number): DescribedCluster => ({
  errorCode: 0,
  errorMessage: null,
  clusterId: 'c',
  controllerId,
  nodes: [1000, 1001].map((id) => ({ id, host: `c-${id}`, port: 9093, rack: null, fenced: false })),
});
const asker = (quorum: () => Promise<QuorumState>, described = cluster(1001)) => ({ describeQuorum: quorum, describeCluster: async () => described });
const signal = new AbortController().signal;

describe('asking the quorum leader', () => {
  it('the local controller answers: it is the leader', async () => {
    const asked = await askQuorum(asker(async () => state(0, 1000)), () => { throw new Error('not asked'); }, signal);
    expect(asked).toEqual({ state: state(0, 1000), fromLocal: true });
  });

  it('a follower: asks the leader its controller names, at that leader\'s controller endpoint', async () => {
    const asked: string[] = [];
    const r = await askQuorum(asker(async () => state(NOT_LEADER_OR_FOLLOWER)), (t) => {
      asked.push(`${t.host}:${t.port}`);
      return asker(async () => state(0));
    }, signal);
    expect(asked).toEqual(['c-1001:9093']);
    expect(r).toEqual({ state: state(0), fromLocal: false });
  });

  it.each([
    ['no leader named', cluster(-1), async () => state(0), 'the quorum has no leader: an election is under way, or fewer than a majority of voters are up'],
    ['a leader without an endpoint', cluster(1005), async () => state(0), 'the quorum leader 1005 has no controller endpoint in the local controller\'s view'],
    ['a named leader that is not the leader', cluster(1001), async () => state(NOT_LEADER_OR_FOLLOWER), 'controller 1001 was named the leader but is not (an election is under way)'],
    ['a named leader that does not answer', cluster(1001), async () => { throw new Error('connect to c-1001:9093: connect ECONNREFUSED'); },
      'the quorum leader 1001 the local controller names does not answer on c-1001:9093 (connect to c-1001:9093: connect ECONNREFUSED): no leader that answers'],
  ])('a follower with %s fails, saying so', async (_what, described, leaderAnswers, reason) => {
    const r = await askQuorum(asker(async () => state(NOT_LEADER_OR_FOLLOWER), described), () => asker(leaderAnswers), signal);
    expect(r).toEqual({ fail: { ok: false, reason, detail: undefined }, fromLocal: false });
  });
});
