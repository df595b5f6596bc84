/**
 * The znodes a Kafka 3.9 broker and controller write in ZooKeeper mode, in
 * their exact JSON, for tests that stand in for a broker that never registers
 * (librdkafka's mock cluster). Field lists as in Kafka's ZkData: broker
 * registration version 5, topic assignment version 3, partition state version 1.
 */
import zookeeper from 'node-zookeeper-client';
import type { Client } from 'node-zookeeper-client';

export function brokerRegistrationJson(o: {
  endpoints: readonly string[];
  rack: string | null;
  timestamp?: number;
  protocols?: Record<string, string>;
}): string {
  const first = o.endpoints[0] ?? '';
  const m = /^[^:]+:\/\/(.*):(\d+)$/.exec(first);
  const listenerMap = o.protocols ?? Object.fromEntries(o.endpoints.map((e) => [e.slice(0, e.indexOf('://')), 'PLAINTEXT']));
  return JSON.stringify({
    features: {},
    listener_security_protocol_map: listenerMap,
    endpoints: o.endpoints,
    jmx_port: -1,
    port: m ? Number(m[2]) : -1,
    host: m ? m[1] : null,
    version: 5,
    timestamp: String(o.timestamp ?? Date.now()),
    ...(o.rack === null ? {} : { rack: o.rack }),
  });
}

export function topicAssignmentJson(partitions: Record<number, readonly number[]>, topicId = 'AAAAAAAAAAAAAAAAAAAAAA'): string {
  return JSON.stringify({ partitions, topic_id: topicId, adding_replicas: {}, removing_replicas: {}, version: 3 });
}

export function partitionStateJson(leader: number, isr: readonly number[], leaderEpoch = 0, controllerEpoch = 1): string {
  return JSON.stringify({ controller_epoch: controllerEpoch, leader, version: 1, leader_epoch: leaderEpoch, isr });
}

export function controllerJson(brokerId: number): string {
  return JSON.stringify({ version: 2, brokerid: brokerId, timestamp: String(Date.now()), kraftControllerEpoch: -1 });
}

/** A ZooKeeper session for a test, connected. */
export async function connectZk(connect: string, sessionTimeout = 4000): Promise<Client> {
  const c = zookeeper.createClient(connect, { sessionTimeout, spinDelay: 200 });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      c.close();
      reject(new Error(`no ZooKeeper session to ${connect}`));
    }, 15_000);
    c.once('connected', () => {
      clearTimeout(t);
      resolve();
    });
    c.connect();
  });
  return c;
}

/** A ZooKeeper call as a promise that fails after `ms` instead of waiting forever on a lost connection. */
function call<T>(what: string, start: (done: (e: Error | null, v: T) => void) => void, ms = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`ZooKeeper ${what} timed out after ${ms} ms`)), ms);
    start((e, v) => {
      clearTimeout(t);
      if (e) reject(e);
      else resolve(v);
    });
  });
}

/** Creates or overwrites a persistent znode (parents created). */
export async function putZnode(c: Client, path: string, data: string): Promise<void> {
  const stat = await call<unknown>(`exists ${path}`, (done) => c.exists(path, undefined, done));
  if (stat) {
    await call(`setData ${path}`, (done) => c.setData(path, Buffer.from(data), -1, done));
  } else {
    await call(`mkdirp ${path}`, (done) => c.mkdirp(path, Buffer.from(data), zookeeper.CreateMode.PERSISTENT, done));
  }
}

/** Creates an ephemeral znode owned by this session (parents must exist). */
export async function createEphemeral(c: Client, path: string, data: string): Promise<void> {
  await call(`create ${path}`, (done) => c.create(path, Buffer.from(data), zookeeper.CreateMode.EPHEMERAL, done));
}

export async function ensurePath(c: Client, path: string): Promise<void> {
  await call(`mkdirp ${path}`, (done) => c.mkdirp(path, null, zookeeper.CreateMode.PERSISTENT, done));
}

export function closeZk(c: Client): Promise<void> {
  return new Promise((resolve) => {
    c.once('disconnected', () => resolve());
    c.close();
    setTimeout(resolve, 2000).unref();
  });
}

/** A znode's data as text, or undefined when it does not exist. */
export async function readZnode(c: Client, path: string): Promise<string | undefined> {
  try {
    const data = await call<Buffer | undefined>(`getData ${path}`, (done) => c.getData(path, undefined, (e, d) => done(e, d)));
    return data?.toString('utf8') ?? '';
  } catch (e) {
    if ((e as { getCode?: () => number }).getCode?.() === zookeeper.Exception.NO_NODE) return undefined;
    throw e;
  }
}
