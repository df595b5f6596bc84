import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerClient } from '../../../../agents/sidecar/kafka/wire/client.ts';
import { Writer } from '../../../../agents/sidecar/kafka/wire/codec.ts';
import { freePort } from '../../../support/ports.ts';

/** A server that answers ApiVersions v0 with one API, or holds requests unanswered. */
function fakeBroker(mode: { silent: boolean }): Server {
  return createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const frame = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + frame.length);
        if (mode.silent) continue;
        const body = new Writer().int32(frame.readInt32BE(4)).int16(0).array([[18, 0, 3]], (w, [k, a, b]) => w.int16(k!).int16(a!).int16(b!)).bytes();
        const size = Buffer.alloc(4);
        size.writeInt32BE(body.length);
        sock.write(Buffer.concat([size, body]));
      }
    });
  });
}

describe('KafkaConnection', () => {
  const mode = { silent: false };
  const server = fakeBroker(mode);
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends requests on one connection and matches answers by correlation id', async () => {
    const c = new BrokerClient({ host: '127.0.0.1', port });
    const [a, b] = await Promise.all([c.apiVersions(), c.apiVersions()]);
    expect(a.get(18)).toEqual({ min: 0, max: 3 });
    expect(b.size).toBe(1);
    c.close();
  });

  it('gives up an unanswered request when its signal aborts, and works again afterwards', async () => {
    const c = new BrokerClient({ host: '127.0.0.1', port });
    mode.silent = true;
    await expect(c.apiVersions(AbortSignal.timeout(100))).rejects.toThrow();
    mode.silent = false;
    expect((await c.apiVersions(AbortSignal.timeout(2000))).size).toBe(1);
    c.close();
  });

  it('reports a closed port as a connection error', async () => {
    const c = new BrokerClient({ host: '127.0.0.1', port: await freePort() });
    await expect(c.apiVersions(AbortSignal.timeout(2000))).rejects.toThrow(/connect to 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    c.close();
  });
});

describe('KafkaConnection reassembly', () => {
  it('receives an answer of the largest size in 1 KiB pieces by allocating it once (linear, where a concat per piece was quadratic)', async () => {
    const { MAX_FRAME } = await import('../../../../agents/sidecar/kafka/wire/connection.ts');
    const { vi } = await import('vitest');
    const server = createServer((sock) => {
      sock.once('data', (d) => {
        const id = d.readInt32BE(8);
        const body = Buffer.alloc(MAX_FRAME);
        body.writeInt32BE(MAX_FRAME - 4, 0); // size of what follows
        body.writeInt32BE(id, 4);
        new Writer().int16(0).array([[18, 0, 3]], (w, [k, a, b]) => w.int16(k!).int16(a!).int16(b!)).bytes().copy(body, 8);
        const all = body; // size prefix + correlation id + ApiVersions v0, padded to the limit
        let at = 0;
        const next = () => {
          while (at < all.length && sock.write(all.subarray(at, (at += 1024)))) {}
          if (at < all.length) sock.once('drain', next);
        };
        next();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const concat = vi.spyOn(Buffer, 'concat');
    const c = new BrokerClient({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
    try {
      const apis = await c.apiVersions(AbortSignal.timeout(60_000));
      expect(apis.get(18)).toEqual({ min: 0, max: 3 });
      const copied = concat.mock.results.reduce((n, r) => n + (r.value as Buffer).length, 0);
      expect(copied).toBeLessThan(64 * 1024); // only the request's own few bytes
    } finally {
      concat.mockRestore();
      c.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
