/**
 * The listener keys of server.properties, derived together so they always
 * agree: every listener in `listeners` is advertised and has a protocol, and
 * replication uses INTERNAL. Pure.
 */
import { formatHostPort, type HostPort, type ListenerName, type SecurityProtocol } from '../lib/kafka-identity.ts';

export interface ListenerInput {
  readonly name: ListenerName;
  /** Port the broker binds in the container. */
  readonly bindPort: number;
  /** Host and port clients are told to use. */
  readonly advertisedHost: string;
  readonly advertisedPort: number;
}

export interface Listeners {
  readonly advertised: { readonly INTERNAL: HostPort; readonly EXTERNAL?: HostPort };
  readonly protocols: { readonly INTERNAL: SecurityProtocol; readonly EXTERNAL?: SecurityProtocol };
  /** listeners, advertised.listeners, listener.security.protocol.map, inter.broker.listener.name. */
  readonly properties: ReadonlyArray<readonly [string, string]>;
}

const PROTOCOL: SecurityProtocol = 'PLAINTEXT';

export function deriveListeners(internal: Omit<ListenerInput, 'name'>, external?: Omit<ListenerInput, 'name'>): Listeners {
  const all: ListenerInput[] = [{ name: 'INTERNAL', ...internal }];
  if (external) all.push({ name: 'EXTERNAL', ...external });
  const advertised = Object.fromEntries(all.map((l) => [l.name, formatHostPort(l.advertisedHost, l.advertisedPort)])) as Listeners['advertised'];
  const protocols = Object.fromEntries(all.map((l) => [l.name, PROTOCOL])) as Listeners['protocols'];
  return {
    advertised,
    protocols,
    properties: [
      // An empty host binds every interface, IPv4 and IPv6.
      ['listeners', all.map((l) => `${l.name}://:${l.bindPort}`).join(',')],
      ['advertised.listeners', all.map((l) => `${l.name}://${advertised[l.name]}`).join(',')],
      ['listener.security.protocol.map', all.map((l) => `${l.name}:${PROTOCOL}`).join(',')],
      ['inter.broker.listener.name', 'INTERNAL'],
    ],
  };
}
