/**
 * KAFKA_DATA_DIR/meta.properties remembers which node, and in KRaft mode which cluster, a volume
 * belongs to. If it names another id, Kafka would crash-loop (InconsistentBrokerIdException in
 * ZooKeeper mode; "Invalid cluster.id" or a node.id mismatch in KRaft mode, and kafka-storage format
 * too); this refuses before anything is written, naming both values and what to do.
 * Read as Kafka reads it: Properties.load (the last of a key set twice wins), then Integer.parseInt
 * of the value as it is (no trimming). Pure.
 */
import { dirname } from 'node:path';
import { AgentError } from '../lib/exit-codes.ts';
import { lastValues, parseProperties, PropertiesSyntaxError, type PropertyLine } from '../lib/properties.ts';

export type MetaCheck = { readonly state: 'absent' } | { readonly state: 'matches'; readonly storedId: number } | { readonly state: 'no-id'; readonly warning: string };

export interface MetaExpectation {
  readonly file: string;
  readonly podName: string;
  /** The id this pod derives, and how: "ordinal 1 + KAFKA_BROKER_ID_OFFSET 0". */
  readonly id: number;
  readonly idFrom: string;
  /** KRaft mode: KAFKA_CLUSTER_ID, and whether KAFKA_BROKER_ID_OFFSET is part of the id. */
  readonly kraft?: { readonly clusterId: string; readonly offsetApplies: boolean };
}

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

export function checkMetaProperties(text: string | undefined, x: MetaExpectation): MetaCheck {
  if (text === undefined) return { state: 'absent' };
  const keys = lastValues(entries(text, x.file));
  const key = x.kraft ? 'node.id' : 'broker.id';
  // ZooKeeper mode writes broker.id; KRaft writes node.id.
  const raw = (keys.get('broker.id') ?? keys.get('node.id'))?.value;
  const storedId = raw === undefined ? undefined : javaInt(raw);
  const storedCluster = keys.get('cluster.id')?.value;
  const dir = dirname(x.file);
  const throwAway = x.kraft ? `empty ${dir} (kafka-storage format then formats it afresh)` : `delete ${x.file}`;
  if (x.kraft && storedCluster !== undefined && storedCluster !== x.kraft.clusterId) {
    const alsoNode = storedId !== undefined && storedId !== x.id ? ` (and node.id ${storedId}, where this pod is node ${x.id})` : '';
    throw new AgentError(
      'E_CLUSTER_ID_MISMATCH',
      `${x.file} says cluster.id ${storedCluster}${alsoNode}, but KAFKA_CLUSTER_ID is ${x.kraft.clusterId}: this volume was formatted for another cluster, and Kafka would refuse to start with it. ` +
        `Give this pod ${x.podName} a volume of cluster ${x.kraft.clusterId}, or set KAFKA_CLUSTER_ID back to ${storedCluster} if that is this cluster's id, or, if this data may be thrown away, ${throwAway}. Nothing was written`,
    );
  }
  if (storedId === undefined) {
    return { state: 'no-id', warning: `${x.file} has no usable ${key} (${raw === undefined ? 'missing' : JSON.stringify(raw)}); Kafka will check it when it starts` };
  }
  if (storedId === x.id) {
    if (x.kraft && storedCluster === undefined) return { state: 'no-id', warning: `${x.file} has no cluster.id; kafka-storage format and Kafka will check it when they start` };
    return { state: 'matches', storedId };
  }
  const what = x.kraft ? 'node' : 'broker';
  const offsetFix = !x.kraft || x.kraft.offsetApplies ? ', or set KAFKA_BROKER_ID_OFFSET back to the value the cluster was created with' : '';
  throw new AgentError(
    x.kraft ? 'E_NODE_ID_MISMATCH' : 'E_BROKER_ID_MISMATCH',
    `${x.file} says ${key} ${storedId}, but this pod ${x.podName} is ${what} ${x.id} (${x.idFrom}); ` +
      `${x.kraft ? 'Kafka would refuse to start with it' : 'Kafka would stop with InconsistentBrokerIdException'}. The volume belongs to ${what} ${storedId}: give this pod the volume of ${what} ${x.id}` +
      `${offsetFix}, or, if this data may be thrown away, ${throwAway}. Nothing was written`,
  );
}
