/** Each agent's settings schema, by agent name: README and manifest checks read them from here. */
import type { Schema } from '../../../agents/lib/config/index.ts';
import { settings as zookeeperInit } from '../../../agents/zookeeper-init/settings.ts';
import { settings as sidecar } from '../../../agents/sidecar/settings.ts';
import { settings as kafkaInit } from '../../../agents/kafka-init/settings.ts';
import { settings as canary } from '../../../agents/canary/settings.ts';

export const agentSchemas: Record<string, Schema> = {
  'zookeeper-init': zookeeperInit,
  sidecar,
  'kafka-init': kafkaInit,
  canary,
};
