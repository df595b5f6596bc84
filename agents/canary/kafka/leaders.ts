/**
 * Whether each partition has a leader, from fresh metadata every second. A broker that died is still
 * the leader in the metadata until the controller notices (its ZooKeeper session or KRaft heartbeat
 * times out), so this counts the time the cluster itself knew a partition had none.
 *
 * kafkajs 2.2.4 turns a Metadata answer with a leaderless partition into an error for the whole
 * request (LEADER_NOT_AVAILABLE, without the partition), which it retries; the admin given here must
 * not retry (a client with retries 0), and the partitions then counted leaderless are the ones the
 * canary cannot write to at that moment (their last produce request failed).
 */
import type { Admin } from 'kafkajs';
import type { Tracker } from '../tracker.ts';
import { kafkaErrorType } from './client.ts';

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
    } catch (e) {
      if (kafkaErrorType(e) === 'LEADER_NOT_AVAILABLE') {
        const at = now();
        for (let p = 0; p < tracker.partitions; p++) tracker.leader(p, !tracker.unwritable(p), at);
      }
      // Any other failure: no metadata now, the next poll tells.
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
