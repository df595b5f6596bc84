/**
 * librdkafka's mock cluster (through kcat) as a Kafka protocol peer: real
 * ApiVersions, Metadata (unknown topics are created with 4 partitions, RF 3),
 * ListOffsets, Produce, Fetch and offset commits. kcat keeps it alive as a
 * consumer of a keep-alive topic; stop() ends exactly that process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerClient } from '../../agents/sidecar/kafka/wire/client.ts';
import type { Metadata } from '../../agents/sidecar/kafka/wire/metadata.ts';
import { splitHostPort } from '../../agents/lib/kafka-identity.ts';
import { startProcess, type ZkProcess } from './zookeeper.ts';
import { waitFor } from './wait.ts';

export function kcatInstalled(): boolean {
  return existsSync('/usr/bin/kcat');
}

export interface MockBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface KafkaMock {
  readonly bootstrap: string;
  readonly brokers: readonly MockBroker[];
  readonly proc: ZkProcess;
  /** Creates topics by asking for their metadata (the mock auto-creates them with 4 partitions). */
  createTopics(names: readonly string[]): Promise<void>;
  /** The cluster's metadata for every topic. */
  metadata(): Promise<Metadata>;
  stop(): Promise<void>;
}

export async function startKafkaMock(dir: string, brokers = 3, name = 'kafka-mock'): Promise<KafkaMock> {
  const log = join(dir, `${name}.log`);
  const proc = startProcess(
    ['kcat', '-C', '-b', 'dummy:9092', '-X', `test.mock.num.brokers=${brokers}`, '-t', '__keepalive', '-o', 'end', '-q'],
    log,
  );
  const bootstrap = await waitFor(
    'the mock cluster\'s bootstrap address',
    () => {
      if (!proc.running()) throw new Error(`kcat exited; see ${log}`);
      return existsSync(log) ? /replaced with ([0-9.:,]+)/.exec(readFileSync(log, 'utf8'))?.[1] : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  const first = splitHostPort(bootstrap.split(',')[0]!)!;
  const withClient = async <T>(use: (c: BrokerClient) => Promise<T>): Promise<T> => {
    const c = new BrokerClient(first);
    try {
      return await use(c);
    } finally {
      c.close();
    }
  };
  const meta = await withClient((c) => c.metadata(null)).catch(async (e: unknown) => {
    await proc.stop();
    throw e;
  });
  return {
    bootstrap,
    brokers: meta.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId),
    proc,
    createTopics: (names) =>
      withClient(async (c) => {
        for (let i = 0; i < names.length; i += 500) await c.metadata(names.slice(i, i + 500), undefined, true);
      }),
    metadata: () => withClient((c) => c.metadata(null)),
    stop: () => proc.stop(),
  };
}
