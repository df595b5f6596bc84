// The sidecar's HTTP server against clients that hold connections: a slowloris sending its headers a byte
// at a time, a client that sends half a request and goes quiet, an idle keep-alive connection, and more
// connections than SIDECAR_HTTP_MAX_CONNECTIONS, while the kubelet's /healthz must still be answered.
// Real sockets on a real listening server (inject() cannot hold a connection open).
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capConnections } from '../../../agents/sidecar/http/connection-bounds.ts';
import { buildApp } from '../../../agents/sidecar/http/server.ts';
import { sleep, waitFor } from '../../support/wait.ts';

const TIMEOUT_MS = 1000;
const CAP = 4;
/** Far below Node's defaults (60 s for headers, checked every 30 s; 72 s keep-alive in Fastify), far above the bound on a busy machine. */
const CUT_WITHIN_MS = 15_000;

function open(port: number): Promise<Socket & { closedAt?: number; got: string }> {
  return new Promise((resolve, reject) => {
    const s = Object.assign(connect({ host: '127.0.0.1', port }), { got: '' }) as Socket & { closedAt?: number; got: string };
    s.on('data', (d) => (s.got += d.toString('latin1')));
    s.on('close', () => (s.closedAt = Date.now()));
    s.on('error', () => undefined);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

async function closedWithin(s: { closedAt?: number }, start: number): Promise<number> {
  await waitFor('the server to close the connection', () => s.closedAt !== undefined, { timeoutMs: CUT_WITHIN_MS + 5000, intervalMs: 50 });
  return s.closedAt! - start;
}

describe('sidecar HTTP connection bounds', () => {
  const shed: string[] = [];
  const app = buildApp({
    readiness: () => ({ ready: true, reason: 'ok', since: 0, checks: [] }),
    registry: new Registry(),
    bounds: { timeoutMs: TIMEOUT_MS, maxConnections: CAP },
    onShed: (what) => shed.push(what),
  });
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await app.close();
  });

  it.each([
    ['a slowloris sending its headers a byte every 200 ms', async (s: Socket) => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      for (const ch of 'X-Slow: ' + 'a'.repeat(200)) {
        if (s.destroyed) return;
        s.write(ch);
        await sleep(200);
      }
    }],
    ['half a request, then silence', async (s: Socket) => void s.write('GET /readyz HTTP/1.1\r\nHo')],
    ['a connection that never sends a byte', async () => undefined],
    ['an idle keep-alive connection after one answer', async (s: Socket) => void s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')],
  ])('%s is closed within the bound', async (_name, behave) => {
    const s = await open(port);
    sockets.push(s);
    const start = Date.now();
    void behave(s);
    const took = await closedWithin(s, start);
    console.log(`${_name}: closed after ${took} ms (SIDECAR_HTTP_TIMEOUT ${TIMEOUT_MS} ms)`);
    expect(took).toBeLessThan(CUT_WITHIN_MS);
  });

  it('more connections than the cap: the oldest idle ones are closed, and /healthz is answered for the kubelet', async () => {
    const held: Array<Awaited<ReturnType<typeof open>>> = [];
    for (let i = 0; i < CAP * 3; i++) {
      const s = await open(port);
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // half-sent, as a slowloris holds them
      held.push(s);
      sockets.push(s);
    }
    await waitFor('connections beyond the cap closed', () => held.filter((s) => s.closedAt === undefined).length <= CAP, { timeoutMs: 10_000, intervalMs: 20 });
    // The first ones went first: the newest are the ones left.
    expect(held.slice(0, CAP * 2).every((s) => s.closedAt !== undefined)).toBe(true);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
    expect(shed).toContain('oldest idle closed');
  });
});

describe('capConnections while every connection is being answered', () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const server: Server = createServer((_req, res) => void gate.then(() => res.end('done')));
  const refused: string[] = [];
  capConnections(server, 2, (what) => refused.push(what));
  let port: number;
  beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => ((port = (server.address() as { port: number }).port), r()))));
  afterAll(() => new Promise<void>((r) => (release(), server.close(() => r()))));

  it('refuses one more, then takes connections again once answers end', async () => {
    const busy = [await open(port), await open(port)];
    for (const s of busy) s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(200);
    const extra = await open(port);
    await closedWithin(extra, Date.now());
    expect(refused).toEqual(['refused']);
    release();
    await waitFor('both answered', () => busy.every((s) => s.got.includes('done')), { timeoutMs: 10_000 });
    const again = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } });
    expect(await again.text()).toBe('done');
    for (const s of busy) s.destroy();
  });
});
