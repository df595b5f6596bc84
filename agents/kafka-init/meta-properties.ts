/**
 * KAFKA_DATA_DIR/meta.properties remembers which broker a volume belongs to.
 * If it names another id, Kafka would crash-loop with
 * InconsistentBrokerIdException; this refuses before anything is written. Pure.
 */
import { AgentError } from '../lib/exit-codes.ts';
import { parseProperties } from '../lib/properties.ts';

export type MetaCheck = { readonly state: 'absent' } | { readonly state: 'matches'; readonly storedId: number } | { readonly state: 'no-id'; readonly warning: string };

export function checkMetaProperties(
  text: string | undefined,
  derivedId: number,
  ctx: { file: string; podName: string; ordinal: number; offset: number },
): MetaCheck {
  if (text === undefined) return { state: 'absent' };
  const entries = parseProperties(text);
  // ZooKeeper mode writes broker.id; KRaft writes node.id.
  const raw = (entries.find((e) => e.key === 'broker.id') ?? entries.find((e) => e.key === 'node.id'))?.value.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) {
    return { state: 'no-id', warning: `${ctx.file} has no usable broker.id (${raw === undefined ? 'missing' : JSON.stringify(raw)}); Kafka will check it when it starts` };
  }
  const storedId = Number(raw);
  if (storedId === derivedId) return { state: 'matches', storedId };
  throw new AgentError(
    'E_BROKER_ID_MISMATCH',
    `${ctx.file} says broker.id ${storedId}, but this pod ${ctx.podName} is broker ${derivedId} (ordinal ${ctx.ordinal} + KAFKA_BROKER_ID_OFFSET ${ctx.offset}); ` +
      `Kafka would stop with InconsistentBrokerIdException. The volume belongs to broker ${storedId}: give this pod the volume of broker ${derivedId}, ` +
      `or set KAFKA_BROKER_ID_OFFSET back to the value the cluster was created with, or, if this data may be thrown away, delete ${ctx.file}. Nothing was written`,
  );
}
