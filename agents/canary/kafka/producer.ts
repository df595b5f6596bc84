/**
 * Produces the canary's numbered messages: idempotent, acks=all, one request at a time. A ticker
 * creates messages at the configured rate, round-robin over the partitions, into a queue; the sender
 * takes everything queued into one request. A message's offset is its batch's base offset plus its
 * place in the batch of its partition (an idempotent, non-transactional batch is contiguous).
 */
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';
import { encodeMessage } from '../message.ts';
import type { Tracker } from '../tracker.ts';

export interface ProduceOptions {
  readonly topic: string;
  readonly run: string;
  readonly rate: number;
  readonly tickMs: number;
  readonly produceTimeoutMs: number;
  /** Stop creating messages after this many (undefined: no limit). */
  readonly limit?: number;
}

interface Queued {
  readonly partition: number;
  readonly seq: number;
  readonly createdAt: number;
}

/** At most this many messages in one request; a backlog larger than a minute's worth is not created. */
const MAX_BATCH = 1000;

export interface Production {
  readonly producer: Producer;
  /** Stops creating messages and resolves once every request sent has been answered. */
  stop(): Promise<void>;
  created(): number;
}

export async function startProducing(kafka: Kafka, tracker: Tracker, o: ProduceOptions, log: Logger, now: () => number = Date.now): Promise<Production> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const queue: Queued[] = [];
  const maxQueue = Math.max(MAX_BATCH, o.rate * 60);
  let created = 0;
  let credit = 0;
  let last = now();
  let stopping = false;
  let sending: Promise<void> | undefined;

  const sendQueued = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      await sendBatch(batch);
    }
    sending = undefined;
  };

  const sendBatch = async (batch: Queued[]) => {
    const messages = batch.map((m) => ({ partition: m.partition, value: encodeMessage({ run: o.run, partition: m.partition, seq: m.seq, createdAt: m.createdAt }) }));
    let timer: NodeJS.Timeout | undefined;
    try {
      const send = producer.send({ topic: o.topic, acks: -1, timeout: o.produceTimeoutMs, messages });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no acknowledgement within CANARY_PRODUCE_TIMEOUT (${o.produceTimeoutMs} ms)`)), o.produceTimeoutMs);
      });
      send.catch(() => undefined);
      const answer = await Promise.race([send, timeout]);
      const at = now();
      const base = new Map(answer.map((r) => [r.partition, Number(r.baseOffset)]));
      const index = new Map<number, number>();
      for (const m of batch) {
        const i = index.get(m.partition) ?? 0;
        index.set(m.partition, i + 1);
        const b = base.get(m.partition);
        if (b === undefined) tracker.produceFailed(m.partition, m.seq, at);
        else tracker.acknowledged(m.partition, m.seq, b + i, at);
      }
    } catch (e) {
      const at = now();
      for (const m of batch) tracker.produceFailed(m.partition, m.seq, at);
      log.warn({ messages: batch.length, err: (e as Error).message }, `produce failed for ${batch.length} messages: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const tick = () => {
    const t = now();
    credit += ((t - last) * o.rate) / 1000;
    last = t;
    let n = Math.floor(credit);
    credit -= n;
    if (o.limit !== undefined) n = Math.min(n, o.limit - created);
    if (queue.length + n > maxQueue) n = Math.max(0, maxQueue - queue.length);
    for (let i = 0; i < n; i++) {
      const partition = created % tracker.partitions;
      queue.push({ partition, seq: tracker.send(partition), createdAt: t });
      created++;
    }
    if (queue.length > 0 && sending === undefined) sending = sendQueued();
  };
  const timer = setInterval(tick, o.tickMs);

  return {
    producer,
    created: () => created,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      while (sending !== undefined || queue.length > 0) {
        if (sending === undefined) sending = sendQueued();
        await sending;
      }
    },
  };
}
