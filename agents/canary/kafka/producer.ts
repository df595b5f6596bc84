/**
 * Produces the canary's numbered messages: idempotent, acks=all. A ticker creates messages at the
 * configured rate, round-robin over the partitions, into a queue per partition; each partition's
 * sender takes everything queued into one request, one request at a time, so a partition without a
 * leader holds back only its own messages. A message's offset is its batch's base offset plus its
 * place in the batch (an idempotent, non-transactional batch is contiguous).
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
  readonly seq: number;
  readonly createdAt: number;
}

/** At most this many messages in one request. */
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
  const queues = Array.from({ length: tracker.partitions }, () => [] as Queued[]);
  const maxQueue = Math.max(MAX_BATCH, Math.ceil((o.rate * 60) / tracker.partitions));
  const sending = new Map<number, Promise<void>>();
  let created = 0;
  let turn = 0;
  let credit = 0;
  let last = now();
  let stopping = false;

  const sendBatch = async (partition: number, batch: Queued[]) => {
    const messages = batch.map((m) => ({ partition, value: encodeMessage({ run: o.run, partition, seq: m.seq, createdAt: m.createdAt }) }));
    let timer: NodeJS.Timeout | undefined;
    try {
      const send = producer.send({ topic: o.topic, acks: -1, timeout: o.produceTimeoutMs, messages });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no acknowledgement within CANARY_PRODUCE_TIMEOUT (${o.produceTimeoutMs} ms)`)), o.produceTimeoutMs);
      });
      send.catch(() => undefined);
      try {
        const answer = await Promise.race([send, timeout]);
        const at = now();
        const base = answer.find((r) => r.partition === partition);
        batch.forEach((m, i) => (base === undefined ? tracker.produceFailed(partition, m.seq, at) : tracker.acknowledged(partition, m.seq, Number(base.baseOffset) + i, at)));
        tracker.writeResult(partition, base !== undefined, at);
      } catch (e) {
        const at = now();
        for (const m of batch) tracker.produceFailed(partition, m.seq, at);
        tracker.writeResult(partition, false, at);
        log.warn({ partition, messages: batch.length, err: (e as Error).message }, `produce to ${o.topic}-${partition} failed for ${batch.length} messages: ${(e as Error).message}`);
      }
      // A request given up on may still be retried by the client: the partition's next one waits for
      // it, so that this canary never has two requests of one partition under way (they could land
      // out of order).
      await send.catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
  };

  /** Sends what the partition has queued, a request at a time, until its queue is empty. */
  const drain = (partition: number) => {
    if (sending.has(partition) || queues[partition]!.length === 0) return;
    const run = (async () => {
      while (queues[partition]!.length > 0) await sendBatch(partition, queues[partition]!.splice(0, MAX_BATCH));
      sending.delete(partition);
    })();
    sending.set(partition, run);
  };

  const tick = () => {
    const t = now();
    credit += ((t - last) * o.rate) / 1000;
    last = t;
    let n = Math.floor(credit);
    credit -= n;
    if (o.limit !== undefined) n = Math.min(n, o.limit - created);
    for (let i = 0; i < n; i++) {
      const partition = turn++ % tracker.partitions;
      // A partition that cannot take its messages (no leader) gets no more than a minute's backlog.
      if (queues[partition]!.length >= maxQueue) continue;
      queues[partition]!.push({ seq: tracker.send(partition), createdAt: t });
      created++;
    }
    for (let p = 0; p < tracker.partitions; p++) drain(p);
  };
  const timer = setInterval(tick, o.tickMs);

  return {
    producer,
    created: () => created,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      for (let p = 0; p < tracker.partitions; p++) drain(p);
      while (sending.size > 0) await Promise.all(sending.values());
    },
  };
}
