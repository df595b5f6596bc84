/** broker.id = ordinal + KAFKA_BROKER_ID_OFFSET, within what Kafka accepts. Pure. */
import { ConfigError } from '../lib/exit-codes.ts';
import type { PropertyLine } from '../lib/properties.ts';

/** Kafka's default reserved.broker.max.id. */
export const DEFAULT_MAX_BROKER_ID = 1000;

/**
 * The largest broker.id Kafka 3.9 starts with, given the template: with
 * broker.id.generation.enable (the default) it is reserved.broker.max.id.
 */
export function maxBrokerId(templateKeys: readonly PropertyLine[]): number {
  const get = (k: string) => templateKeys.find((e) => e.key === k)?.value.trim();
  if (get('broker.id.generation.enable') === 'false') return 2_147_483_647;
  const reserved = Number(get('reserved.broker.max.id') ?? DEFAULT_MAX_BROKER_ID);
  return Number.isSafeInteger(reserved) ? reserved : DEFAULT_MAX_BROKER_ID;
}

export function brokerId(ordinal: number, offset: number, max = DEFAULT_MAX_BROKER_ID): number {
  const id = ordinal + offset;
  if (id > max) {
    throw new ConfigError(
      `broker.id ${id} (ordinal ${ordinal} + KAFKA_BROKER_ID_OFFSET ${offset}) is above reserved.broker.max.id ${max}, which Kafka refuses: lower KAFKA_BROKER_ID_OFFSET, or raise reserved.broker.max.id in KAFKA_CONFIG_TEMPLATE`,
      'KAFKA_BROKER_ID_OFFSET',
    );
  }
  return id;
}
