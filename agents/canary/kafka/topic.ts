/** Sets the canary's topic up: used as it is when it exists, created from topicSpec when it does not. */
import type { Admin } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';
import { topicSpec, type TopicSpec } from '../topic-spec.ts';
import { kafkaErrorType } from './client.ts';

export interface TopicReady {
  readonly partitions: number;
  readonly created: boolean;
}

/** How long a topic just created may take to show in the metadata of the broker asked. */
const PROPAGATION_MS = 15_000;

/** The topic's partition count; a topic just created may be unknown to some brokers for a moment. */
async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const until = Date.now() + PROPAGATION_MS;
  for (;;) {
    try {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      const n = md.topics[0]?.partitions.length ?? 0;
      if (n > 0) return n;
    } catch (e) {
      if (kafkaErrorType(e) !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() >= until) throw e;
    }
    if (Date.now() >= until) throw new Error(`topic ${topic} has no partitions in the metadata after ${PROPAGATION_MS} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What kafkajs' "Topic creation errors" holds: the broker's error per topic. */
function creationErrors(e: unknown): string | undefined {
  const errors = (e as { errors?: Array<{ type?: string; message?: string }> }).errors;
  return errors?.map((x) => `${x.type ?? 'error'}: ${x.message ?? ''}`).join('; ');
}

/**
 * Creates the topic from topicSpec of the brokers registered now. A broker that has just started may
 * be registered before the controller counts it (INVALID_REPLICATION_FACTOR for a moment), so a
 * refusal is tried again, with the broker count read again, for PROPAGATION_MS.
 */
async function createTopic(admin: Admin, topic: string, log: Logger): Promise<{ brokers: unknown[]; spec: TopicSpec; created: boolean }> {
  const until = Date.now() + PROPAGATION_MS;
  for (;;) {
    const { brokers } = await admin.describeCluster();
    const spec = topicSpec(brokers.length);
    try {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor,
            configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      return { brokers, spec, created };
    } catch (e) {
      const why = creationErrors(e);
      if (why?.includes('TOPIC_ALREADY_EXISTS')) return { brokers, spec, created: false };
      if (why === undefined || Date.now() >= until) {
        throw new Error(`creating topic ${topic} (${spec.partitions} partitions, replication factor ${spec.replicationFactor}) was refused: ${why ?? (e as Error).message}`);
      }
      log.warn({ topic, refused: why }, `creating topic ${topic} was refused (${why}); trying again`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function ensureTopic(admin: Admin, topic: string, log: Logger): Promise<TopicReady> {
  if ((await admin.listTopics()).includes(topic)) {
    const partitions = await partitionCount(admin, topic);
    log.info({ topic, partitions }, `using the existing topic ${topic} as it is (${partitions} partitions)`);
    return { partitions, created: false };
  }
  const { brokers, spec, created } = await createTopic(admin, topic, log);
  const partitions = await partitionCount(admin, topic);
  if (created) {
    log.info({ topic, brokers: brokers.length, ...spec }, `created topic ${topic}: ${spec.partitions} partitions, replication factor ${spec.replicationFactor}`);
  } else {
    log.info({ topic, partitions }, `topic ${topic} was created meanwhile by someone else; using it as it is`);
  }
  return { partitions, created };
}
