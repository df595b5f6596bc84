/**
 * Reads, from ZooKeeper, the state of every partition the broker replicates:
 * /brokers/topics/<t> ({"version":3,"partitions":{"0":[0,1,2]},...}) for the
 * assignment, and /brokers/topics/<t>/partitions/<p>/state
 * ({"controller_epoch":..,"leader":0,"version":1,"leader_epoch":..,"isr":[0,1,2]})
 * for the ISR.
 *
 * Why ZooKeeper and not a Metadata request: in ZooKeeper mode the partition
 * leader and the controller write ISR changes to these znodes first; a broker's
 * Metadata answer is its cache of what the controller last sent it, and a
 * broker that just restarted may answer from a cache that is not yet current.
 * The znodes are also what the controller itself decides from.
 */
import type { PartitionState } from '../isr.ts';
import type { ZkCache } from './cache.ts';

/** Parses a topic znode into partition -> replicas. */
export function parseAssignment(text: string): Map<number, number[]> {
  const raw = JSON.parse(text) as { partitions?: Record<string, unknown> };
  const out = new Map<number, number[]>();
  for (const [p, replicas] of Object.entries(raw.partitions ?? {})) {
    if (Array.isArray(replicas)) out.set(Number(p), replicas.filter((r): r is number => typeof r === 'number'));
  }
  return out;
}

export function parseState(text: string): { leader: number; isr: number[] } {
  const raw = JSON.parse(text) as { leader?: unknown; isr?: unknown };
  return {
    leader: typeof raw.leader === 'number' ? raw.leader : -1,
    isr: Array.isArray(raw.isr) ? raw.isr.filter((r): r is number => typeof r === 'number') : [],
  };
}

export async function partitionsOfBroker(zk: ZkCache, brokerId: number): Promise<PartitionState[]> {
  const topics = (await zk.children('/brokers/topics')) ?? [];
  const perTopic = await Promise.all(
    topics.map(async (topic) => {
      const text = await zk.data(`/brokers/topics/${topic}`);
      if (text === undefined) return [];
      const mine = [...parseAssignment(text)].filter(([, replicas]) => replicas.includes(brokerId));
      return Promise.all(
        mine.map(async ([partition, replicas]): Promise<PartitionState> => {
          const state = await zk.data(`/brokers/topics/${topic}/partitions/${partition}/state`);
          const parsed = state === undefined ? undefined : parseState(state);
          return { topic, partition, replicas, leader: parsed?.leader, isr: parsed?.isr };
        }),
      );
    }),
  );
  return perTopic.flat();
}

/** The registered brokers: the children of /brokers/ids (ephemeral, so only brokers with a live session). */
export async function liveBrokers(zk: ZkCache): Promise<Set<number>> {
  return new Set(((await zk.children('/brokers/ids')) ?? []).map(Number).filter(Number.isInteger));
}
