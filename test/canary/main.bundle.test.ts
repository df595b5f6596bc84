// The bundle dist/canary.js as its container runs it: --help, bad settings (exit 2, the setting named),
// a cluster that does not answer (exit 1 within CANARY_START_TIMEOUT, saying what it waited for), SIGTERM.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCanaryProcess } from '../support/canary.ts';
import { freePort } from '../support/ports.ts';
import { runBundle } from '../support/run-bundle.ts';
import { startKubeApiDouble } from '../support/kube-api-double.ts';
import { waitFor } from '../support/wait.ts';
import { settings } from '../../agents/canary/settings.ts';

describe('canary bundle', () => {
  // Accepts connections and never answers: a port that is open but is not Kafka.
  const sockets = new Set<Socket>();
  const silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => silent.close(() => r()));
  });

  it('--help lists every setting of the schema, its flag beside its variable', async () => {
    const { stdout, code } = await runBundle('canary', { args: ['--help'] });
    expect(code).toBe(0);
    const missing = Object.values(settings).filter((s) => !stdout.includes(`${s.flag} ${s.kind}, $${s.env}`));
    expect(missing.map((s) => s.env)).toEqual([]);
  });

  it.each([
    ['CANARY_DURATION', { CANARY_MODE: 'job' }, 'job mode needs an end: set $CANARY_DURATION'],
    ['CANARY_MESSAGES', { CANARY_MODE: 'job', CANARY_MESSAGES: 'many' }, 'invalid setting --canary-messages ($CANARY_MESSAGES): must be a positive integer'],
    ['CANARY_RATE', { CANARY_RATE: '0' }, 'invalid setting --canary-rate ($CANARY_RATE)'],
    ['CANARY_BOOTSTRAP', { CANARY_BOOTSTRAP: 'kafka' }, 'invalid setting --canary-bootstrap ($CANARY_BOOTSTRAP): must be host:port'],
  ])('exits 2 naming %s for %j', async (setting, env, message) => {
    const { code, stderr, logs } = await runBundle('canary', { env });
    expect([code, logs.at(-1)?.setting]).toEqual([2, setting]);
    expect(stderr).toContain(message);
  });

  it('chaos mode exits 2 outside a pod, saying why', async () => {
    const { code, stderr } = await runBundle('canary', { env: { CANARY_MODE: 'chaos' } });
    expect(code).toBe(2);
    expect(stderr).toContain('chaos mode calls the Kubernetes API from inside a pod: $KUBERNETES_SERVICE_HOST is not set');
  });

  it('chaos mode with its service account (token, CA, namespace) deletes a pod over HTTPS and exits 0 once it is back', async () => {
    const api = await startKubeApiDouble({ https: true });
    const dir = mkdtempSync(join(tmpdir(), 'canary-sa-'));
    try {
      const sa = api.writeServiceAccount(dir, 'kafka');
      const path = '/api/v1/namespaces/kafka/pods/kafka-0';
      const pod = (uid: string) => ({ kind: 'Pod', metadata: { name: 'kafka-0', uid }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
      api.putAt(path, pod('a'));
      api.onDelete(() => {
        api.putAt(path, pod('b'));
        return { status: 200, body: pod('a') };
      });
      const r = await runBundle('canary', { env: { ...sa.env, CANARY_MODE: 'chaos', CANARY_CHAOS_PODS: 'kafka-0', CANARY_CHAOS_ROUNDS: '1', CANARY_SERVICE_ACCOUNT_DIR: dir }, timeoutMs: 30_000 });
      expect(r.code, r.stdout).toBe(0);
      expect(api.requests.filter((q) => q.method === 'DELETE').map((q) => q.path)).toEqual([path]);
      expect(r.logs.at(-1)?.msg).toContain('chaos done: 1 rounds, every one recovered');
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when the bootstrap address never answers Kafka, naming what it waited for', async () => {
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const r = await runBundle('canary', {
      env: { CANARY_BOOTSTRAP: `127.0.0.1:${port}`, CANARY_MODE: 'job', CANARY_MESSAGES: '10', CANARY_START_TIMEOUT: '3s', CANARY_PORT: String(await freePort()), CANARY_LISTEN_ADDRESS: '127.0.0.1' },
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    const error = r.logs.find((l) => l.code === 'E_START');
    expect(error?.msg).toContain(`while connecting to the cluster: check CANARY_BOOTSTRAP (127.0.0.1:${port})`);
  });

  it('answers /readyz 503 with what it waits for, and exits 143 on SIGTERM before it has started', async () => {
    const port = await freePort();
    const c = startCanaryProcess({ CANARY_BOOTSTRAP: `127.0.0.1:${await freePort()}`, CANARY_PORT: String(port), CANARY_LISTEN_ADDRESS: '127.0.0.1' });
    const body = await waitFor('/readyz', async () => {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return r ? `${r.status} ${await r.text()}` : undefined;
    }, { timeoutMs: 10_000 });
    expect(body).toBe('503 not ready: starting: connecting to the cluster\n');
    expect(await c.stop()).toBe(143);
  });
});
