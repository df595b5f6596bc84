/**
 * The broker identity kafka-init derives and the sidecar reads: the contract
 * between the two agents, written as JSON to KAFKA_IDENTITY_OUT
 * (default /etc/kafka/identity.json).
 *
 * Example:
 * {
 *   "version": 1,
 *   "brokerId": 0,
 *   "rack": "zone-a",
 *   "podName": "kafka-0",
 *   "advertisedListeners": {
 *     "INTERNAL": "kafka-0.broker.kafka.svc.cluster.local:9092",
 *     "EXTERNAL": "203.0.113.10:31090"
 *   },
 *   "listenerSecurityProtocolMap": { "INTERNAL": "PLAINTEXT", "EXTERNAL": "PLAINTEXT" },
 *   "interBrokerListenerName": "INTERNAL",
 *   "endpoints": [
 *     "INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092",
 *     "EXTERNAL://203.0.113.10:31090"
 *   ],
 *   "zookeeperConnect": "zookeeper:2181/kafka"
 * }
 *
 * `endpoints` holds exactly the strings Kafka registers in the `endpoints`
 * array of /brokers/ids/<brokerId> (advertised.listeners, in that order), so a
 * reader can compare them with the znode as they are. An IPv6 host is written
 * in brackets, as Kafka writes it: "[2001:db8::1]:9094".
 */

export const KAFKA_IDENTITY_VERSION = 1;

export const LISTENER_NAMES = ['INTERNAL', 'EXTERNAL'] as const;
export type ListenerName = (typeof LISTENER_NAMES)[number];

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

/** "host:port", the host bracketed when it is an IPv6 address. */
export type HostPort = string;

export interface KafkaIdentity {
  readonly version: typeof KAFKA_IDENTITY_VERSION;
  readonly brokerId: number;
  /** broker.rack, or null when the broker has no rack. */
  readonly rack: string | null;
  readonly podName: string;
  readonly advertisedListeners: { readonly INTERNAL: HostPort; readonly EXTERNAL?: HostPort };
  readonly listenerSecurityProtocolMap: { readonly INTERNAL: SecurityProtocol; readonly EXTERNAL?: SecurityProtocol };
  readonly interBrokerListenerName: 'INTERNAL';
  /** "<LISTENER>://<host:port>", INTERNAL first, as in /brokers/ids/<id>. */
  readonly endpoints: readonly string[];
  readonly zookeeperConnect: string;
}

/** The identity file cannot be used; the message names the field and what was found. */
export class InvalidKafkaIdentity extends Error {
  constructor(message: string) {
    super(`identity.json: ${message}`);
    this.name = 'InvalidKafkaIdentity';
  }
}

/** "host:port" with IPv6 hosts bracketed, as Kafka formats an endpoint address. */
export function formatHostPort(host: string, port: number): HostPort {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits "host:port" or "[v6]:port"; null when it is neither. */
export function splitHostPort(hostPort: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\[\]\s]+)):(\d{1,5})$/.exec(hostPort);
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

/** The endpoints list that follows from the advertised listeners. */
export function identityEndpoints(advertised: KafkaIdentity['advertisedListeners']): string[] {
  return LISTENER_NAMES.flatMap((name) => (advertised[name] === undefined ? [] : [`${name}://${advertised[name]}`]));
}

/** Stable JSON text (two-space indent, trailing newline). */
export function renderKafkaIdentity(identity: KafkaIdentity): string {
  const ordered: KafkaIdentity = {
    version: identity.version,
    brokerId: identity.brokerId,
    rack: identity.rack,
    podName: identity.podName,
    advertisedListeners: identity.advertisedListeners,
    listenerSecurityProtocolMap: identity.listenerSecurityProtocolMap,
    interBrokerListenerName: identity.interBrokerListenerName,
    endpoints: identity.endpoints,
    zookeeperConnect: identity.zookeeperConnect,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function nonEmptyString(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new InvalidKafkaIdentity(`${key} must be a non-empty string, got ${show(v)}`);
  return v;
}

function listenerRecord<T extends string>(o: Obj, key: string, check: (value: unknown, field: string) => T): { INTERNAL: T; EXTERNAL?: T } {
  const v = o[key];
  if (!isObj(v)) throw new InvalidKafkaIdentity(`${key} must be an object keyed by listener name, got ${show(v)}`);
  for (const name of Object.keys(v)) {
    if (!(LISTENER_NAMES as readonly string[]).includes(name)) {
      throw new InvalidKafkaIdentity(`${key} has unknown listener ${JSON.stringify(name)} (known: ${LISTENER_NAMES.join(', ')})`);
    }
  }
  if (v.INTERNAL === undefined) throw new InvalidKafkaIdentity(`${key}.INTERNAL is missing`);
  const out: { INTERNAL: T; EXTERNAL?: T } = { INTERNAL: check(v.INTERNAL, `${key}.INTERNAL`) };
  if (v.EXTERNAL !== undefined) out.EXTERNAL = check(v.EXTERNAL, `${key}.EXTERNAL`);
  return out;
}

function hostPort(value: unknown, field: string): HostPort {
  if (typeof value !== 'string' || splitHostPort(value) === null) {
    throw new InvalidKafkaIdentity(`${field} must be "host:port" with a port 1-65535, got ${show(value)}`);
  }
  return value;
}

function protocol(value: unknown, field: string): SecurityProtocol {
  if (!(SECURITY_PROTOCOLS as readonly unknown[]).includes(value)) {
    throw new InvalidKafkaIdentity(`${field} must be one of ${SECURITY_PROTOCOLS.join(', ')}, got ${show(value)}`);
  }
  return value as SecurityProtocol;
}

/** Parses and checks identity.json text. Throws InvalidKafkaIdentity naming the first bad field. */
export function parseKafkaIdentity(text: string): KafkaIdentity {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InvalidKafkaIdentity(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObj(raw)) throw new InvalidKafkaIdentity(`must be a JSON object, got ${show(raw)}`);
  if (raw.version !== KAFKA_IDENTITY_VERSION) {
    throw new InvalidKafkaIdentity(`version must be ${KAFKA_IDENTITY_VERSION}, got ${show(raw.version)}: kafka-init and this reader come from different releases`);
  }
  const brokerId = raw.brokerId;
  if (typeof brokerId !== 'number' || !Number.isSafeInteger(brokerId) || brokerId < 0) {
    throw new InvalidKafkaIdentity(`brokerId must be a non-negative integer, got ${show(brokerId)}`);
  }
  const rack = raw.rack;
  if (rack !== null && (typeof rack !== 'string' || rack === '')) {
    throw new InvalidKafkaIdentity(`rack must be null or a non-empty string, got ${show(rack)}`);
  }
  const advertisedListeners = listenerRecord(raw, 'advertisedListeners', hostPort);
  const listenerSecurityProtocolMap = listenerRecord(raw, 'listenerSecurityProtocolMap', protocol);
  for (const name of LISTENER_NAMES) {
    if ((advertisedListeners[name] === undefined) !== (listenerSecurityProtocolMap[name] === undefined)) {
      throw new InvalidKafkaIdentity(`listener ${name} must be in both advertisedListeners and listenerSecurityProtocolMap, or in neither`);
    }
  }
  if (raw.interBrokerListenerName !== 'INTERNAL') {
    throw new InvalidKafkaIdentity(`interBrokerListenerName must be "INTERNAL", got ${show(raw.interBrokerListenerName)}`);
  }
  const endpoints = raw.endpoints;
  const expected = identityEndpoints(advertisedListeners);
  if (!Array.isArray(endpoints) || JSON.stringify(endpoints) !== JSON.stringify(expected)) {
    throw new InvalidKafkaIdentity(`endpoints must be ${JSON.stringify(expected)} (from advertisedListeners), got ${show(endpoints)}`);
  }
  return Object.freeze({
    version: KAFKA_IDENTITY_VERSION,
    brokerId,
    rack,
    podName: nonEmptyString(raw, 'podName'),
    advertisedListeners: Object.freeze(advertisedListeners),
    listenerSecurityProtocolMap: Object.freeze(listenerSecurityProtocolMap),
    interBrokerListenerName: 'INTERNAL',
    endpoints: Object.freeze(expected),
    zookeeperConnect: nonEmptyString(raw, 'zookeeperConnect'),
  });
}
