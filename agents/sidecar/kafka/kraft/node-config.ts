/**
 * What the sidecar of a KRaft node needs from the server.properties Kafka runs with: node.id,
 * process.roles, broker.rack, and per listener where to reach it inside the pod (listeners) and what
 * the cluster should know it as (advertised.listeners). The node's own config is the one source of
 * what its registration should say, so nothing is derived twice. Pure.
 */
import { splitHostPort } from '../../../lib/kafka-identity.ts';
import type { Target } from '../../settings.ts';

export class InvalidNodeConfig extends Error {}

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
const PROTOCOLS: readonly string[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

export interface Listener {
  readonly name: string;
  readonly protocol: SecurityProtocol;
  /** Where the sidecar connects: the bind address, a wildcard one as loopback. */
  readonly local: Target;
  /** host:port as advertised (advertised.listeners, or the bind address when it is not advertised). */
  readonly advertised: Target;
}

export interface NodeConfig {
  readonly nodeId: number;
  readonly broker: boolean;
  readonly controller: boolean;
  readonly rack: string | null;
  /** The listeners that serve clients and brokers (not controller.listener.names), in listeners order. */
  readonly brokerListeners: readonly Listener[];
  /** inter.broker.listener.name: what the broker checks and metrics use. */
  readonly interBrokerListener: Listener | undefined;
  /** The first of controller.listener.names, on a node that is a controller. */
  readonly controllerListener: Listener | undefined;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

/** "NAME://host:port" entries by name; an empty host stays empty. */
function endpoints(key: string, value: string | undefined): Map<string, { host: string; port: number }> {
  const out = new Map<string, { host: string; port: number }>();
  for (const e of list(value)) {
    const m = /^([A-Za-z0-9_]+):\/\/(.*)$/.exec(e);
    const hp = m && (/^:\d+$/.test(m[2]!) ? { host: '', port: Number(m[2]!.slice(1)) } : splitHostPort(m[2]!));
    if (!m || !hp) throw new InvalidNodeConfig(`${key}: ${JSON.stringify(e)} is not NAME://host:port`);
    out.set(m[1]!.toUpperCase(), hp);
  }
  return out;
}

/** A wildcard or empty bind host is reached on loopback of the same family. */
function localHost(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function protocolMap(value: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list(value)) {
    const [name, protocol] = e.split(':');
    if (name === undefined || protocol === undefined) throw new InvalidNodeConfig(`listener.security.protocol.map: ${JSON.stringify(e)} is not NAME:PROTOCOL`);
    m.set(name.trim().toUpperCase(), protocol.trim().toUpperCase());
  }
  return m;
}

export function parseNodeConfig(props: ReadonlyMap<string, string>): NodeConfig {
  const idText = props.get('node.id')?.trim();
  if (idText === undefined || !/^\d+$/.test(idText)) throw new InvalidNodeConfig(`node.id must be a non-negative integer, got ${JSON.stringify(idText ?? null)}: is this a KRaft node's config?`);
  const roles = list(props.get('process.roles'));
  if (roles.length === 0 || roles.some((r) => r !== 'broker' && r !== 'controller')) {
    throw new InvalidNodeConfig(`process.roles must be broker, controller or broker,controller, got ${JSON.stringify(props.get('process.roles') ?? null)}`);
  }
  const bound = endpoints('listeners', props.get('listeners'));
  const advertised = endpoints('advertised.listeners', props.get('advertised.listeners'));
  const map = protocolMap(props.get('listener.security.protocol.map'));
  const controllerNames = list(props.get('controller.listener.names')).map((n) => n.toUpperCase());
  const listener = (name: string): Listener => {
    const b = bound.get(name);
    if (b === undefined) throw new InvalidNodeConfig(`listener ${name} is not in listeners (${props.get('listeners') ?? 'unset'})`);
    const protocol = map.get(name) ?? (PROTOCOLS.includes(name) ? name : undefined);
    if (protocol === undefined || !PROTOCOLS.includes(protocol)) throw new InvalidNodeConfig(`listener ${name} has no security protocol in listener.security.protocol.map`);
    const a = advertised.get(name) ?? b;
    return { name, protocol: protocol as SecurityProtocol, local: { host: localHost(b.host), port: b.port }, advertised: { host: a.host === '' ? localHost(b.host) : a.host, port: a.port } };
  };
  const broker = roles.includes('broker');
  const controller = roles.includes('controller');
  const brokerListeners = broker ? [...bound.keys()].filter((n) => !controllerNames.includes(n)).map(listener) : [];
  const ibName = (props.get('inter.broker.listener.name') ?? 'PLAINTEXT').trim().toUpperCase();
  const interBrokerListener = broker ? brokerListeners.find((l) => l.name === ibName) : undefined;
  if (broker && interBrokerListener === undefined) throw new InvalidNodeConfig(`inter.broker.listener.name ${ibName} is not a broker listener in listeners`);
  if (controller && controllerNames.length === 0) throw new InvalidNodeConfig('controller.listener.names is empty on a node with the controller role');
  const rack = props.get('broker.rack')?.trim();
  return {
    nodeId: Number(idText),
    broker,
    controller,
    rack: rack === undefined || rack === '' ? null : rack,
    brokerListeners,
    interBrokerListener,
    controllerListener: controller ? listener(controllerNames[0]!) : undefined,
  };
}
