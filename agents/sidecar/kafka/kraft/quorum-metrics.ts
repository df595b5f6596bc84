/**
 * The metadata quorum's series, exported by the sidecar of the quorum leader only: the leader is the
 * one node that answers DescribeQuorum itself, so "am I the leader" is a fact each sidecar learns from
 * its own controller, with no agreement between pods; after an election the old leader's controller
 * answers NOT_LEADER_OR_FOLLOWER at the next check and its sidecar stops exporting them. (The lowest-id
 * ready controller would need every sidecar to know the others' readiness.) Summed over pods, each
 * series therefore comes from one pod, but for at most one check interval around a leader change. Pure.
 */
import { renderGauges, type Family } from '../../metrics/exposition.ts';
import type { QuorumState } from '../wire/describe-quorum.ts';
import { lagOf } from './quorum.ts';

export function quorumFamilies(q: QuorumState): Family[] {
  const voter = (id: number) => ({ voter: String(id) });
  const observer = (id: number) => ({ observer: String(id) });
  const lags = q.voters.map((v) => lagOf(q, v));
  const observerLags = q.observers.map((o) => lagOf(q, o));
  return [
    { name: 'kafka_quorum_leader_id', help: 'Node id of the metadata quorum\'s leader (exported by the leader\'s sidecar)', samples: [[undefined, q.leaderId]] },
    { name: 'kafka_quorum_leader_epoch', help: 'Epoch of the current quorum leader', samples: [[undefined, q.leaderEpoch]] },
    { name: 'kafka_quorum_high_watermark', help: 'High watermark of the metadata log (__cluster_metadata-0)', samples: [[undefined, q.highWatermark]] },
    { name: 'kafka_quorum_voters', help: 'Number of voters of the quorum', samples: [[undefined, q.voters.length]] },
    { name: 'kafka_quorum_observers', help: 'Number of observers of the quorum (brokers)', samples: [[undefined, q.observers.length]] },
    { name: 'kafka_quorum_voter_log_end_offset', help: 'Log end offset of the voter as the leader last heard (-1: unknown)', samples: q.voters.map((v) => [voter(v.id), v.logEndOffset] as const) },
    { name: 'kafka_quorum_voter_lag', help: 'Records the voter\'s log end is behind the high watermark', samples: lags.flatMap((l) => (l.records === undefined ? [] : [[voter(l.id), l.records] as const])) },
    { name: 'kafka_quorum_voter_lag_seconds', help: 'Seconds since the voter last reached the leader\'s log end, on the leader\'s clock', samples: lags.flatMap((l) => (l.ms === undefined ? [] : [[voter(l.id), l.ms / 1000] as const])) },
    { name: 'kafka_quorum_observer_lag', help: 'Records the observer\'s log end is behind the high watermark', samples: observerLags.flatMap((l) => (l.records === undefined ? [] : [[observer(l.id), l.records] as const])) },
  ];
}

export function renderQuorum(q: QuorumState | undefined): string {
  return q === undefined ? '' : renderGauges(quorumFamilies(q));
}
