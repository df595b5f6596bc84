/**
 * Is this controller a caught-up voter of a quorum that has a leader? Judged from the leader's
 * DescribeQuorum answer: the node must be among the current voters, known by the controller listener
 * its config advertises (when the answer lists the voters' listeners); its log end offset at most
 * SIDECAR_QUORUM_MAX_LAG records behind the high watermark; and it must have reached the leader's log
 * end within SIDECAR_QUORUM_MAX_LAG_TIME, on the leader's clock (the leader reports its own entry's
 * LastCaughtUpTimestamp as its current time). The time bound is what tells a voter that just restarted
 * from one that is caught up: until its first fetch, the leader still holds its offset from before the
 * restart, which can look close. Pure.
 */
import { fail, pass, type CheckOutcome } from '../../checks/check.ts';
import { formatHostPort } from '../../../lib/kafka-identity.ts';
import type { QuorumState, ReplicaState } from '../wire/describe-quorum.ts';

export interface QuorumBounds {
  readonly maxLag: number;
  readonly maxLagMs: number;
}

/** The controller listener as the node's config advertises it. */
export interface VoterEndpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** The leader's clock at its answer: its own LastCaughtUpTimestamp. */
export function leaderNow(q: Pick<QuorumState, 'leaderId' | 'voters'>): number | undefined {
  const t = q.voters.find((v) => v.id === q.leaderId)?.lastCaughtUpTimestamp;
  return t === undefined || t < 0 ? undefined : t;
}

export interface VoterLag {
  readonly id: number;
  /** High watermark minus log end offset (0 when ahead); undefined when the leader does not know it. */
  readonly records: number | undefined;
  /** ms since it last caught up, on the leader's clock; undefined when unknown. */
  readonly ms: number | undefined;
}

export function lagOf(q: Pick<QuorumState, 'leaderId' | 'voters' | 'highWatermark'>, r: ReplicaState): VoterLag {
  const now = leaderNow(q);
  return {
    id: r.id,
    records: r.logEndOffset < 0 || q.highWatermark < 0 ? undefined : Math.max(0, q.highWatermark - r.logEndOffset),
    ms: now === undefined || r.lastCaughtUpTimestamp < 0 ? undefined : Math.max(0, now - r.lastCaughtUpTimestamp),
  };
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const ids = (rs: readonly ReplicaState[]) => rs.map((r) => r.id).join(',') || 'none';

/** How the quorum knows the voter's listener, when that differs from what its config advertises. */
function endpointDifference(nodeId: number, q: QuorumState, expected: VoterEndpoint | undefined): string | undefined {
  const known = expected && q.nodes.get(nodeId)?.find((l) => l.name === expected.name);
  if (!expected || !known || (known.host === expected.host && known.port === expected.port)) return undefined;
  return `voter ${nodeId} is known to the quorum as ${expected.name}://${formatHostPort(known.host, known.port)} but its config advertises ${expected.name}://${formatHostPort(expected.host, expected.port)}`;
}

export function quorumOutcome(nodeId: number, q: QuorumState, b: QuorumBounds, expected?: VoterEndpoint): CheckOutcome {
  if (q.errorCode !== 0) return fail(`DescribeQuorum failed with Kafka error code ${q.errorCode}${q.errorMessage ? ` (${q.errorMessage})` : ''}`);
  if (q.leaderId < 0) return fail('the quorum has no leader: an election is under way, or fewer than a majority of voters are up');
  const me = q.voters.find((v) => v.id === nodeId);
  if (me === undefined) {
    const observer = q.observers.some((o) => o.id === nodeId) ? ` (it is an observer)` : '';
    return fail(`node ${nodeId} is not a voter of the quorum led by ${q.leaderId}: voters are ${ids(q.voters)}${observer}`);
  }
  const wrongEndpoint = endpointDifference(nodeId, q, expected);
  if (wrongEndpoint !== undefined) return fail(wrongEndpoint);
  const detail = { leader: q.leaderId, epoch: q.leaderEpoch, highWatermark: q.highWatermark };
  if (q.leaderId === nodeId) return pass(`leader of the quorum (epoch ${q.leaderEpoch}, high watermark ${q.highWatermark}, voters ${ids(q.voters)})`, detail);
  const lag = lagOf(q, me);
  const behind = `voter ${nodeId} is behind leader ${q.leaderId}`;
  if (lag.records === undefined) return fail(`${behind}: the leader does not know its log end offset yet`, detail);
  if (lag.records > b.maxLag) {
    return fail(`${behind}: log end offset ${me.logEndOffset}, high watermark ${q.highWatermark}, ${lag.records} records behind (SIDECAR_QUORUM_MAX_LAG is ${b.maxLag})`, { ...detail, lag: lag.records });
  }
  if (lag.ms === undefined) return fail(`${behind}: the leader has not seen it caught up yet`, detail);
  if (lag.ms > b.maxLagMs) return fail(`${behind}: last caught up ${secs(lag.ms)} ago on the leader's clock (SIDECAR_QUORUM_MAX_LAG_TIME is ${secs(b.maxLagMs)})`, { ...detail, lagMs: lag.ms });
  return pass(`voter ${nodeId} follows leader ${q.leaderId} (epoch ${q.leaderEpoch}): ${lag.records} records behind the high watermark ${q.highWatermark}, caught up ${secs(lag.ms)} ago`, { ...detail, lag: lag.records });
}
