/**
 * Whether each partition has a leader, from fresh metadata every second. A broker that died is still
 * the leader in the metadata until the controller notices (its ZooKeeper session or KRaft heartbeat
 * times out), so this counts the time the cluster itself knew a partition had none.
 */
import type { Admin } from 'kafkajs';
import type { Tracker } from '../tracker.ts';

export const LEADER_POLL_MS = 1000;

export function watchLeaders(admin: Admin, topic: string, tracker: Tracker, now: () => number = Date.now): { stop(): void } {
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      const at = now();
      for (const p of md.topics[0]?.partitions ?? []) {
        if (p.partitionId < tracker.partitions) tracker.leader(p.partitionId, p.leader >= 0, at);
      }
    } catch {
      // No metadata now: the next poll tells.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), LEADER_POLL_MS);
  void poll();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
