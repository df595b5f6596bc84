/**
 * The quorum as its leader sees it, reached from the local controller: only the leader answers
 * DescribeQuorum (the others answer NOT_LEADER_OR_FOLLOWER), so a follower's sidecar asks its own
 * controller which node leads (DescribeCluster of the controllers: ControllerId is its current Raft
 * leader, with that controller's listener) and asks the leader there.
 */
import { errorText, fail, type CheckOutcome } from '../../checks/check.ts';
import { formatHostPort } from '../../../lib/kafka-identity.ts';
import type { Target } from '../../settings.ts';
import type { BrokerClient } from '../wire/client.ts';
import { ENDPOINT_CONTROLLERS } from '../wire/describe-cluster.ts';
import type { QuorumState } from '../wire/describe-quorum.ts';

export const NOT_LEADER_OR_FOLLOWER = 6;

export type AskedQuorum = { readonly state: QuorumState; readonly fromLocal: boolean } | { readonly fail: CheckOutcome; readonly fromLocal: false };

type Asker = Pick<BrokerClient, 'describeQuorum' | 'describeCluster'>;

export async function askQuorum(local: Asker, clientFor: (t: Target) => Asker, signal: AbortSignal): Promise<AskedQuorum> {
  const mine = await local.describeQuorum(signal);
  if (mine.errorCode !== NOT_LEADER_OR_FOLLOWER) return { state: mine, fromLocal: true };
  const cluster = await local.describeCluster(ENDPOINT_CONTROLLERS, signal);
  if (cluster.errorCode !== 0) return { fail: fail(`DescribeCluster of the controllers failed with Kafka error code ${cluster.errorCode}`), fromLocal: false };
  if (cluster.controllerId < 0) return { fail: fail('the quorum has no leader: an election is under way, or fewer than a majority of voters are up'), fromLocal: false };
  const leader = cluster.nodes.find((n) => n.id === cluster.controllerId);
  if (leader === undefined) return { fail: fail(`the quorum leader ${cluster.controllerId} has no controller endpoint in the local controller's view`), fromLocal: false };
  let state: QuorumState;
  try {
    state = await clientFor({ host: leader.host, port: leader.port }).describeQuorum(signal);
  } catch (e) {
    if (signal.aborted) throw e;
    // A follower goes on naming the leader it last heard from, after that leader is gone.
    const at = formatHostPort(leader.host, leader.port);
    return { fail: fail(`the quorum leader ${leader.id} the local controller names does not answer on ${at} (${errorText(e)}): no leader that answers`), fromLocal: false };
  }
  if (state.errorCode === NOT_LEADER_OR_FOLLOWER) return { fail: fail(`controller ${leader.id} was named the leader but is not (an election is under way)`), fromLocal: false };
  return { state, fromLocal: false };
}
