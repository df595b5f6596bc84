// Chaos rounds against the Kubernetes API double, which plays the StatefulSet controller: a deleted
// pod is gone for a moment, comes back with a new uid not Ready, then Ready (a double: there is no
// cluster here, and the double scripts a pod that never recovers on demand).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { podApi, type PodApi } from '../../../agents/canary/chaos/pod-api.ts';
import { runChaos } from '../../../agents/canary/chaos/run-chaos.ts';
import { AgentError } from '../../../agents/lib/exit-codes.ts';
import { createLogger } from '../../../agents/lib/log.ts';
import { startKubeApiDouble, type KubeApiDouble } from '../../support/kube-api-double.ts';

const NS = 'kafka';
const path = (name: string) => `/api/v1/namespaces/${NS}/pods/${name}`;
const pod = (name: string, uid: string, ready: boolean) => ({
  kind: 'Pod',
  metadata: { name, namespace: NS, uid },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', message: ready ? undefined : 'containers with unready status: [kafka]' }] },
});

describe('chaos rounds', () => {
  let api: KubeApiDouble;
  let dir: string;
  let pods: PodApi;
  const lines: string[] = [];
  const log = createLogger('canary', 'info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  const timers: NodeJS.Timeout[] = [];
  let generation = 0;

  beforeAll(async () => {
    api = await startKubeApiDouble();
    dir = mkdtempSync(join(tmpdir(), 'chaos-'));
    writeFileSync(join(dir, 'token'), api.token);
    pods = await podApi({ server: api.url, namespace: NS, tokenFile: join(dir, 'token'), caFile: join(dir, 'none'), timeoutMs: 2000 });
  });
  afterAll(async () => {
    for (const t of timers) clearTimeout(t);
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    api.clear();
    lines.length = 0;
    for (const n of ['kafka-0', 'kafka-1', 'zoo-0']) api.putAt(path(n), pod(n, `${n}-uid0`, true));
  });

  /** The StatefulSet controller: gone at once, back not Ready after 100 ms, Ready after `readyMs` (never when undefined). */
  const controller = (readyMs: number | undefined) =>
    api.onDelete((p) => {
      const name = p.split('/').pop()!;
      const uid = `${name}-uid${++generation}`;
      api.remove(p);
      timers.push(setTimeout(() => api.putAt(p, pod(name, uid, false)), 100));
      if (readyMs !== undefined) timers.push(setTimeout(() => api.putAt(p, pod(name, uid, true)), readyMs));
      return { status: 200, body: pod(name, `${name}-old`, true) };
    });

  const options = { pods: ['kafka-0', 'kafka-1', 'zoo-0'], recoveryTimeoutMs: 3000, pauseMs: 10, pollMs: 50 };

  it('deletes one pod a round, in order, and waits until it is replaced and every pod is Ready', async () => {
    controller(400);
    const code = await runChaos(pods, { ...options, rounds: 4 }, log, new AbortController().signal);
    expect(code).toBe(0);
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([path('kafka-0'), path('kafka-1'), path('zoo-0'), path('kafka-0')]);
    const rounds = lines.map((l) => JSON.parse(l) as { round?: number; recoveredMs?: number }).filter((l) => l.recoveredMs !== undefined);
    expect(rounds.map((r) => r.round)).toEqual([1, 2, 3, 4]);
    for (const r of rounds) expect(r.recoveredMs).toBeGreaterThanOrEqual(400);
    expect(lines.at(-1)).toContain('chaos done: 4 rounds, every one recovered');
  });

  it('fails a round that does not recover in time, naming the pod that is not Ready', async () => {
    controller(undefined);
    const run = runChaos(pods, { ...options, rounds: 2, recoveryTimeoutMs: 800 }, log, new AbortController().signal);
    await expect(run).rejects.toThrow(AgentError);
    await expect(run).rejects.toThrow('round 1 of 2: after deleting kafka-0, not every pod was Ready again within CANARY_CHAOS_RECOVERY_TIMEOUT (800 ms): kafka-0 not Ready (containers with unready status: [kafka])');
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('deletes nothing when a pod is not Ready before the first round', async () => {
    controller(100);
    api.putAt(path('zoo-0'), pod('zoo-0', 'z', false));
    await expect(runChaos(pods, { ...options, rounds: 1, recoveryTimeoutMs: 300 }, log, new AbortController().signal)).rejects.toThrow(
      'not every pod was Ready before the first round, within CANARY_CHAOS_RECOVERY_TIMEOUT (300 ms): zoo-0 not Ready',
    );
    expect(api.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('says which rule to grant when the API refuses a delete', async () => {
    api.onDelete(() => ({ status: 403, body: { kind: 'Status', code: 403, message: 'pods "kafka-0" is forbidden' } }));
    await expect(runChaos(pods, { ...options, rounds: 1 }, log, new AbortController().signal)).rejects.toThrow(
      'not allowed to delete pod kafka-0 in namespace kafka (403): grant delete on pods with resourceNames [kafka-0] (Role canary-chaos in manifests/test)',
    );
  });

  it('stops between rounds on SIGTERM with 143', async () => {
    controller(100);
    const stop = new AbortController();
    const run = runChaos(pods, { ...options, rounds: 3, pauseMs: 60_000 }, log, stop.signal);
    await new Promise((r) => setTimeout(r, 600));
    stop.abort();
    expect(await run).toBe(143);
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});
