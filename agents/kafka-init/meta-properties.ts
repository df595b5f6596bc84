/**
 * KAFKA_DATA_DIR/meta.properties remembers which broker a volume belongs to.
 * If it names another id, Kafka would crash-loop with
 * InconsistentBrokerIdException; this refuses before anything is written.
 * Read as Kafka reads it: Properties.load (the last of a key set twice wins),
 * then Integer.parseInt of the value as it is (no trimming). Pure.
 */
import { AgentError } from '../lib/exit-codes.ts';
import { lastValues, parseProperties, PropertiesSyntaxError, type PropertyLine } from '../lib/properties.ts';

export type MetaCheck = { readonly state: 'absent' } | { readonly state: 'matches'; readonly storedId: number } | { readonly state: 'no-id'; readonly warning: string };

const MAX_INT = 2 ** 31 - 1;

/** Integer.parseInt: an optional sign and ASCII digits, within int range; undefined where Java throws. */
function javaInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n > MAX_INT || n < -MAX_INT - 1 ? undefined : n;
}

function entries(text: string, file: string): PropertyLine[] {
  try {
    return parseProperties(text);
  } catch (e) {
    if (!(e instanceof PropertiesSyntaxError)) throw e;
    throw new AgentError('E_META_PROPERTIES_SYNTAX', `${file} ${e.message}; Kafka would not start with it. Fix that line, or delete ${file} if the volume's data may be thrown away. Nothing was written`);
  }
}

export function checkMetaProperties(
  text: string | undefined,
  derivedId: number,
  ctx: { file: string; podName: string; ordinal: number; offset: number },
): MetaCheck {
  if (text === undefined) return { state: 'absent' };
  const keys = lastValues(entries(text, ctx.file));
  // ZooKeeper mode writes broker.id; KRaft writes node.id.
  const raw = (keys.get('broker.id') ?? keys.get('node.id'))?.value;
  const storedId = raw === undefined ? undefined : javaInt(raw);
  if (storedId === undefined) {
    return { state: 'no-id', warning: `${ctx.file} has no usable broker.id (${raw === undefined ? 'missing' : JSON.stringify(raw)}); Kafka will check it when it starts` };
  }
  if (storedId === derivedId) return { state: 'matches', storedId };
  throw new AgentError(
    'E_BROKER_ID_MISMATCH',
    `${ctx.file} says broker.id ${storedId}, but this pod ${ctx.podName} is broker ${derivedId} (ordinal ${ctx.ordinal} + KAFKA_BROKER_ID_OFFSET ${ctx.offset}); ` +
      `Kafka would stop with InconsistentBrokerIdException. The volume belongs to broker ${storedId}: give this pod the volume of broker ${derivedId}, ` +
      `or set KAFKA_BROKER_ID_OFFSET back to the value the cluster was created with, or, if this data may be thrown away, delete ${ctx.file}. Nothing was written`,
  );
}
