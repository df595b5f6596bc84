// The sidecar against peers that are not what it was told: doubles, since no real server can be made to
// send random bytes, announce a 2 GiB frame, trickle a byte a second or stay silent on demand. (A real
// Kafka port given as ZooKeeper is in kafka/real-cluster-readiness.integration.test.ts.) Each case runs
// an in-process sidecar against one misbehaving TCP server and checks what its checks answer, that
// /healthz and /readyz keep answering meanwhile, and that nothing throws (vitest fails on uncaught errors).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FRAME } from '../../agents/sidecar/kafka/wire/connection.ts';
import { freePort } from '../support/ports.ts';
import { startTestSidecar } from '../support/sidecar.ts';
import { sleep, waitFor } from '../support/wait.ts';
import { readyzVerbose, writeIdentity } from './kafka/real-cluster.ts';

/** The same "random" bytes every run. */
function noise(n: number, seed = 42): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
}
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

type Behaviour = (s: Socket, closed: () => boolean) => void;
const behaviours = {
  'random bytes': (s) => void s.write(noise(4096)),
  'a 2^31-1 length prefix': (s) => void s.write(Buffer.concat([int32(0x7fffffff), noise(64)])),
  'a negative length prefix': (s) => void s.write(Buffer.concat([int32(-0x80000000), noise(64)])),
  'a frame shorter than its header': (s) => void s.write(Buffer.concat([int32(2), noise(2)])),
  'a frame of 16 bytes of noise': (s) => void s.write(Buffer.concat([int32(16), noise(16)])),
  'a 36-byte frame of noise (a ConnectResponse\'s size)': (s) => void s.write(Buffer.concat([int32(36), noise(36)])),
  'a Kafka ApiVersions answer': (s) => void s.write(Buffer.concat([int32(12), int32(1), Buffer.from([0, 0]), int32(1), Buffer.from([0, 18])])),
  'a frame one byte over the limit': (s) => void s.write(int32(MAX_FRAME + 1)),
  'silence': () => undefined,
  'a byte a second': (s, closed) => {
    s.write(int32(1000));
    const t = setInterval(() => (closed() ? clearInterval(t) : s.write(Buffer.from([7]))), 1000);
  },
  'closing at once': (s) => void s.destroy(),
} satisfies Record<string, Behaviour>;
type Name = keyof typeof behaviours;

interface Peer {
  readonly address: string;
  /** Connections accepted, and how many the sidecar closed. */
  readonly accepted: () => number;
  readonly closedBySidecar: () => number;
  close(): Promise<void>;
}

/** `holdOpen`: the connection stays open after the client ends its side (as a stuck server's does). */
async function peer(behave: Behaviour, holdOpen = false): Promise<Peer> {
  let accepted = 0;
  let closedBySidecar = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: holdOpen }, (s) => {
    accepted++;
    sockets.add(s);
    let closed = false;
    s.on('error', () => undefined);
    s.on('end', () => ((closed = true), closedBySidecar++));
    s.on('close', () => ((closed = true), sockets.delete(s)));
    // Answer after the client's first bytes (ZooKeeper and Kafka clients speak first).
    s.once('data', () => behave(s, () => closed));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    accepted: () => accepted,
    closedBySidecar: () => closedBySidecar,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sidecar-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An in-process kafka-mode sidecar whose broker and ZooKeeper addresses are given. */
async function kafkaSidecar(target: string, zookeeper: string, env: Record<string, string> = {}) {
  const identity = writeIdentity(join(dir, `identity-${Math.random().toString(36).slice(2)}.json`), 0, target, zookeeper);
  return startTestSidecar({
    SIDECAR_MODE: 'kafka', SIDECAR_TARGET: target, SIDECAR_IDENTITY_FILE: identity, SIDECAR_CHECK_INTERVAL: '250ms', SIDECAR_CHECK_TIMEOUT: '1s',
    SIDECAR_ZK_SESSION_TIMEOUT: '2s', SIDECAR_METRICS_INTERVAL: '1s', SIDECAR_METRICS_TIMEOUT: '2s', ...env,
  });
}

/** /healthz and /readyz answer (a stalled event loop or a stuck handler would not). */
async function stillAnswers(url: string): Promise<void> {
  expect((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
  expect((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(503);
}

const checkReason = async (url: string, check: string) => (await readyzVerbose(url)).checks.find((c) => c.check === check);

describe('a ZooKeeper address that answers something else is "no ZooKeeper session", never a crash', () => {
  it.each(Object.keys(behaviours) as Name[])('%s', async (name) => {
    const zk = await peer(behaviours[name]);
    const s = await kafkaSidecar(`127.0.0.1:${await freePort()}`, zk.address);
    try {
      // Past two session timeouts: the client was replaced at least once, and never had a session.
      await sleep(5000);
      const none = `no ZooKeeper session to ${zk.address}`;
      for (const check of ['registration', 'isr']) expect((await checkReason(s.url, check))?.reason).toBe(none);
      await stillAnswers(s.url);
      expect(zk.accepted()).toBeGreaterThan(0);
      const log = s.lines.join('');
      expect(log).not.toContain('ZooKeeper session connected');
      expect(log).toContain('no ZooKeeper session for 2000 ms');
      console.log(`ZooKeeper peer sending ${name}: ${none}; ${log.match(/no ZooKeeper session for 2000 ms[^"]*/)?.[0]}`);
    } finally {
      await s.stop();
      await zk.close();
    }
  });
});

/** What the broker check answers against each peer. */
const brokerAnswers: Record<Name, RegExp> = {
  'random bytes': /^(bad response size -?\d+ from 127\.0\.0\.1:\d+ \(at most 8388608 bytes\): not a Kafka broker, or not its plaintext listener|response with correlation id -?\d+ from .*, which no request is waiting for)$/,
  'a 2^31-1 length prefix': /^bad response size 2147483647 from 127\.0\.0\.1:\d+ \(at most 8388608 bytes\)/,
  'a negative length prefix': /^bad response size -2147483648 from/,
  'a frame shorter than its header': /^bad response size 2 from/,
  'a frame of 16 bytes of noise': /^response with correlation id -?\d+ from 127\.0\.0\.1:\d+, which no request is waiting for$/,
  'a 36-byte frame of noise (a ConnectResponse\'s size)': /^response with correlation id -?\d+ from .*, which no request is waiting for$/,
  'a Kafka ApiVersions answer': /^response with correlation id 1 from|^broker answers ApiVersions/,
  'a frame one byte over the limit': /^bad response size 8388609 from/,
  'silence': /^check broker timed out after 1000 ms$/,
  'a byte a second': /^check broker timed out after 1000 ms$/,
  'closing at once': /closed the connection|ECONNRESET/,
};

describe('a broker address that answers something else: the broker check says what, and the HTTP side never stalls', () => {
  it.each(Object.keys(behaviours) as Name[])('%s', async (name) => {
    const broker = await peer(behaviours[name]);
    const s = await kafkaSidecar(broker.address, `127.0.0.1:${await freePort()}`);
    try {
      const reason = await waitFor(`the broker check against ${name}`, async () => (await checkReason(s.url, 'broker'))?.reason, { timeoutMs: 30_000, intervalMs: 100 });
      await sleep(1500); // a few more rounds against it
      const later = (await checkReason(s.url, 'broker'))!;
      console.log(`broker peer sending ${name}: ${later.ok ? 'ok' : 'fails'}: ${later.reason}`);
      expect(later.reason).toMatch(brokerAnswers[name]);
      if (name !== 'a Kafka ApiVersions answer') expect(later.ok).toBe(false);
      expect(reason).toBeDefined();
      await stillAnswers(s.url);
      // A request given up closes its connection: a slow answer cannot hold up the next round's request.
      if (name === 'a byte a second' || name === 'silence') expect(broker.closedBySidecar()).toBeGreaterThan(0);
    } finally {
      await s.stop();
      await broker.close();
    }
  });
});

describe('zookeeper mode: srvr against a port that answers something else', () => {
  it.each([
    ['random bytes, then the end of the reply', 'random bytes', false, 'srvr: srvr reply has no Mode: line; the server is not serving'],
    ['a Kafka ApiVersions answer, then the end', 'a Kafka ApiVersions answer', false, 'srvr: srvr reply has no Mode: line; the server is not serving'],
    ['random bytes on a connection held open', 'random bytes', true, 'srvr: check srvr timed out after 1000 ms'],
    ['silence on a connection held open', 'silence', true, 'srvr: check srvr timed out after 1000 ms'],
    ['a byte a second', 'a byte a second', true, 'srvr: check srvr timed out after 1000 ms'],
    ['closing at once', 'closing at once', false, /^srvr: (srvr reply has no Mode: line; the server is not serving|srvr to 127\.0\.0\.1:\d+: read ECONNRESET)$/],
  ] as Array<[string, Name, boolean, string | RegExp]>)('%s', async (_case, name, holdOpen, says) => {
    const zk = await peer(behaviours[name], holdOpen);
    const s = await startTestSidecar({ SIDECAR_MODE: 'zookeeper', SIDECAR_TARGET: zk.address, SIDECAR_CHECK_INTERVAL: '250ms', SIDECAR_CHECK_TIMEOUT: '1s' });
    try {
      const reason = await waitFor(`srvr against ${name}`, async () => {
        const v = await readyzVerbose(s.url);
        return v.checks.length > 0 ? v.reason : undefined;
      }, { timeoutMs: 30_000, intervalMs: 100 });
      if (typeof says === 'string') expect(reason).toBe(says);
      else expect(reason).toMatch(says);
      await stillAnswers(s.url);
    } finally {
      await s.stop();
      await zk.close();
    }
  });

  it('a reply larger than 1 MiB is cut off, naming the limit', async () => {
    const zk = await peer((s) => void s.end(Buffer.alloc(2 << 20, 'x')));
    const s = await startTestSidecar({ SIDECAR_MODE: 'zookeeper', SIDECAR_TARGET: zk.address, SIDECAR_CHECK_INTERVAL: '250ms', SIDECAR_CHECK_TIMEOUT: '5s' });
    try {
      const reason = await waitFor('srvr against 2 MiB', async () => ((await readyzVerbose(s.url)).checks.length > 0 ? (await readyzVerbose(s.url)).reason : undefined), { timeoutMs: 30_000 });
      expect(reason).toBe(`srvr: srvr to ${zk.address}: srvr reply from ${zk.address} is larger than 1048576 bytes`);
      await stillAnswers(s.url);
    } finally {
      await s.stop();
      await zk.close();
    }
  });
});
