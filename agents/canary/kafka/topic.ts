/** Sets the canary's topic up: used as it is when it exists, created from topicSpec when it does not. */
import type { Admin } from 'kafkajs';
import type { Logger } from '../../lib/log.ts';
import { topicSpec } from '../topic-spec.ts';

export interface TopicReady {
  readonly partitions: number;
  readonly created: boolean;
}

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return md.topics[0]?.partitions.length ?? 0;
}

export async function ensureTopic(admin: Admin, topic: string, log: Logger): Promise<TopicReady> {
  if ((await admin.listTopics()).includes(topic)) {
    const partitions = await partitionCount(admin, topic);
    log.info({ topic, partitions }, `using the existing topic ${topic} as it is (${partitions} partitions)`);
    return { partitions, created: false };
  }
  const { brokers } = await admin.describeCluster();
  const spec = topicSpec(brokers.length);
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
  const partitions = await partitionCount(admin, topic);
  if (created) {
    log.info({ topic, brokers: brokers.length, ...spec }, `created topic ${topic}: ${spec.partitions} partitions, replication factor ${spec.replicationFactor}`);
  } else {
    log.info({ topic, partitions }, `topic ${topic} was created meanwhile by someone else; using it as it is`);
  }
  return { partitions, created };
}
