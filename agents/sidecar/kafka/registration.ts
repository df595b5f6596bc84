/**
 * Is the broker registered as it should be? Compares /brokers/ids/<id> (the
 * JSON Kafka writes, version 5: endpoints, listener_security_protocol_map,
 * rack, host, port, jmx_port, timestamp, features) with the identity file.
 * Pure.
 */
import type { KafkaIdentity } from '../../lib/kafka-identity.ts';
import { fail, pass, type CheckOutcome } from '../checks/check.ts';

export interface Registration {
  readonly endpoints: readonly string[];
  readonly rack: string | null;
  readonly version: number | undefined;
}

export function parseRegistration(text: string): Registration {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null) throw new Error('not a JSON object');
  const o = raw as Record<string, unknown>;
  const endpoints = Array.isArray(o.endpoints) ? o.endpoints.filter((e): e is string => typeof e === 'string') : [];
  return {
    endpoints,
    rack: typeof o.rack === 'string' ? o.rack : null,
    version: typeof o.version === 'number' ? o.version : undefined,
  };
}

/** "INTERNAL://host:port" -> "INTERNAL" */
export function listenerOf(endpoint: string): string {
  const i = endpoint.indexOf('://');
  return i === -1 ? endpoint : endpoint.slice(0, i);
}

/** The first difference between the expected and registered endpoints, as one line; undefined when equal. */
export function endpointDifference(expected: readonly string[], registered: readonly string[]): string | undefined {
  const have = new Map(registered.map((e) => [listenerOf(e), e]));
  const want = new Map(expected.map((e) => [listenerOf(e), e]));
  for (const [name, e] of want) {
    const r = have.get(name);
    if (r === undefined) return `listener ${name} is not registered (expected ${e})`;
    if (r !== e) return `registered ${r} but expected ${e}`;
  }
  for (const [name, r] of have) {
    if (!want.has(name)) return `registered an unexpected listener ${name} (${r})`;
  }
  return undefined;
}

export function registrationOutcome(identity: Pick<KafkaIdentity, 'brokerId' | 'endpoints' | 'rack'>, znodeText: string | undefined): CheckOutcome {
  const path = `/brokers/ids/${identity.brokerId}`;
  if (znodeText === undefined) return fail(`${path} does not exist: broker ${identity.brokerId} is not registered in ZooKeeper`);
  let reg: Registration;
  try {
    reg = parseRegistration(znodeText);
  } catch (e) {
    return fail(`${path} is not Kafka's registration JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const diff = endpointDifference(identity.endpoints, reg.endpoints);
  if (diff !== undefined) return fail(`${path} ${diff}`, { registered: reg.endpoints, expected: identity.endpoints });
  if (identity.rack !== null && reg.rack !== identity.rack) {
    return fail(`${path} has rack ${JSON.stringify(reg.rack)} but expected ${JSON.stringify(identity.rack)}`);
  }
  return pass(`broker ${identity.brokerId} registered as ${reg.endpoints.join(',')}`);
}
