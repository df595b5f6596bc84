/**
 * Consumes the canary's topic in the canary's own group. The first time it is given a partition it
 * seeks to where that partition ended before this run produced (so it neither misses this run's first
 * messages nor reads the topic's history); later assignments resume from the committed offsets.
 * Messages of other runs are skipped.
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';
import { decodeMessage } from '../message.ts';
import type { Receipt, Tracker } from '../tracker.ts';

export interface ConsumeOptions {
  readonly topic: string;
  readonly group: string;
  readonly run: string;
}

export interface Consumption {
  readonly consumer: Consumer;
  /** Partitions assigned to this member now. */
  assigned(): readonly number[];
  /** Resolves when every partition has been assigned and positioned once. */
  readonly positioned: Promise<void>;
  stop(): Promise<void>;
}

export async function startConsuming(
  kafka: Kafka,
  tracker: Tracker,
  o: ConsumeOptions,
  log: Logger,
  onReceipt: (partition: number, kind: Receipt, latencyMs: number) => void,
  now: () => number = Date.now,
): Promise<Consumption> {
  const admin = kafka.admin();
  await admin.connect();
  const start = new Map((await admin.fetchTopicOffsets(o.topic)).map((p) => [p.partition, p.offset]));
  await admin.disconnect();

  const consumer = kafka.consumer({ groupId: o.group, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.topic], fromBeginning: true });
  let assigned: number[] = [];
  const positionedOnce = new Set<number>();
  let resolvePositioned!: () => void;
  const positioned = new Promise<void>((r) => (resolvePositioned = r));

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assigned = [...(e.payload.memberAssignment[o.topic] ?? [])].sort((a, b) => a - b);
    for (const p of assigned) {
      if (positionedOnce.has(p)) continue;
      const offset = start.get(p);
      if (offset !== undefined) consumer.seek({ topic: o.topic, partition: p, offset });
      positionedOnce.add(p);
    }
    log.info({ group: o.group, partitions: assigned }, `joined group ${o.group}: assigned partitions ${assigned.join(', ') || 'none'} of ${tracker.partitions}`);
    if (positionedOnce.size >= tracker.partitions) resolvePositioned();
  });
  consumer.on(consumer.events.CRASH, (e) => {
    assigned = [];
    log.warn({ err: e.payload.error.message, restart: e.payload.restart }, `consumer stopped: ${e.payload.error.message}`);
  });

  await consumer.run({
    autoCommitInterval: 1_000,
    eachMessage: async ({ partition, message }) => {
      const m = decodeMessage(message.value);
      if (m === undefined || m.run !== o.run || m.partition !== partition || partition >= tracker.partitions) return;
      const latencyMs = now() - m.createdAt;
      onReceipt(partition, tracker.received(partition, m.seq, Number(message.offset), latencyMs), latencyMs);
    },
  });

  return {
    consumer,
    assigned: () => assigned,
    positioned,
    stop: () => consumer.disconnect(),
  };
}
