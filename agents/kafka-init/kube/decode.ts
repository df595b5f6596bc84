/**
 * Objects from the Kubernetes API are untrusted input: the JSON is checked field by field for the
 * shape kafka-init reads (a list where a list belongs, a string where a string does, ports within
 * 1-65535) and turned into the types of ./types.ts. A wrong shape is an error naming the object and
 * the field, never a TypeError deep inside. What a value must mean (a DNS name, a label value) is
 * checked where it is used. Pure.
 */
import { AgentError } from '../../lib/exit-codes.ts';
import type { KubeNode, KubeService, LoadBalancerIngress, NodeAddress, ServicePort } from './types.ts';

type Obj = Record<string, unknown>;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The error for a field of an API object that is not what the API defines. */
export function badField(object: string, field: string, problem: string): AgentError {
  return new AgentError(
    'E_KUBE_BAD_OBJECT',
    `${object} ${field} ${problem}: the API answered with something that is not a core/v1 object of that kind; check what answers at the Kubernetes API address (and, for a value, the controller that set it)`,
  );
}

class Fields {
  constructor(
    readonly object: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  private wrong(want: string): AgentError {
    return badField(this.object, this.path, `is ${typeName(this.value)} (${show(this.value)}), not ${want}`);
  }

  at(key: string): Fields {
    const v = this.value === undefined || this.value === null ? undefined : this.obj()[key];
    return new Fields(this.object, this.path === '' ? key : `${this.path}.${key}`, v);
  }

  obj(): Obj {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) throw this.wrong('an object');
    return this.value as Obj;
  }

  /** The items of a list; an absent (or null) list is empty. */
  list(): Fields[] {
    if (this.value === undefined || this.value === null) return [];
    if (!Array.isArray(this.value)) throw this.wrong('a list');
    return this.value.map((v, i) => new Fields(this.object, `${this.path}[${i}]`, v));
  }

  optString(): string | undefined {
    if (this.value === undefined || this.value === null) return undefined;
    if (typeof this.value !== 'string') throw this.wrong('a string');
    return this.value;
  }

  string(): string {
    const s = this.optString();
    if (s === undefined) throw badField(this.object, this.path, 'is missing');
    return s;
  }

  /** A port number 1-65535; absent (or 0, Kubernetes' "not assigned" for a nodePort) is undefined. */
  optPort(): number | undefined {
    if (this.value === undefined || this.value === null || this.value === 0) return undefined;
    if (typeof this.value !== 'number') throw this.wrong('a number');
    if (!Number.isInteger(this.value) || this.value < 1 || this.value > 65535) throw badField(this.object, this.path, `is ${show(this.value)}, not a port from 1 to 65535`);
    return this.value;
  }

  /** A string map (labels); absent is empty. */
  stringMap(): Record<string, string> {
    if (this.value === undefined || this.value === null) return {};
    const o = this.obj();
    return Object.fromEntries(Object.keys(o).map((k) => [k, new Fields(this.object, `${this.path}[${JSON.stringify(k)}]`, o[k]).string()]));
  }
}

/** The top of an API object: it must be a JSON object. */
function root(object: string, raw: unknown): Fields {
  const f = new Fields(object, '', raw);
  f.obj();
  return f;
}

export function decodeNode(raw: unknown, name: string): KubeNode {
  const f = root(`node ${name}`, raw);
  const address = (a: Fields): NodeAddress => ({ type: a.at('type').string(), address: a.at('address').string() });
  return { metadata: { labels: f.at('metadata').at('labels').stringMap() }, status: { addresses: f.at('status').at('addresses').list().map(address) } };
}

function servicePort(p: Fields): ServicePort {
  const target = p.at('targetPort');
  const targetPort = typeof target.value === 'string' ? target.string() : target.optPort();
  const port = p.at('port').optPort();
  if (port === undefined) throw badField(p.object, `${p.path}.port`, 'is missing');
  return { name: p.at('name').optString(), protocol: p.at('protocol').optString(), port, targetPort, nodePort: p.at('nodePort').optPort() };
}

export function decodeService(raw: unknown, name: string): KubeService {
  const f = root(`Service ${name}`, raw);
  const entry = (i: Fields): LoadBalancerIngress => ({ ip: i.at('ip').optString(), hostname: i.at('hostname').optString() });
  const ingress = f.at('status').at('loadBalancer').at('ingress').list().map(entry);
  return {
    spec: { type: f.at('spec').at('type').optString(), ports: f.at('spec').at('ports').list().map(servicePort) },
    status: { loadBalancer: { ingress } },
  };
}
