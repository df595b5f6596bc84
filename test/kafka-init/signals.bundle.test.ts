// SIGTERM while dist/kafka-init.js waits on the Kubernetes API: it stops at
// once with 143 (as a shell reports a terminated process) and writes nothing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servicePath } from '../support/kube-api-double.ts';
import { bundlePath } from '../support/run-bundle.ts';
import { waitFor } from '../support/wait.ts';
import { NAMESPACE, useHarness } from './harness.ts';

const h = useHarness((x) => x.seedCluster());

function runUntilSignalled(env: Record<string, string>, ready: () => boolean): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundlePath('kafka-init')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    waitFor('the agent to be waiting', ready, { timeoutMs: 10_000, intervalMs: 10 }).then(
      () => child.kill('SIGTERM'),
      (e: unknown) => {
        child.kill('SIGKILL');
        reject(e);
      },
    );
  });
}

describe('kafka-init on SIGTERM', () => {
  it.each([
    ['a request that never gets an answer', { KUBE_API_TIMEOUT: '60s' }, (path: string) => h().api.always(path, { hang: true })],
    ['the wait for a load-balancer address', { KAFKA_EXTERNAL_LB_POLL_INTERVAL: '60s' }, (path: string) =>
      h().api.always(path, { status: 200, body: { kind: 'Service', spec: { ports: [{ port: 9094 }] }, status: { loadBalancer: {} } } })],
  ])('during %s exits 143 and writes nothing', async (_name, overrides: Record<string, string>, script) => {
    const path = servicePath(NAMESPACE, 'outside-0');
    script(path);
    const env = h().env(0, { KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_RACK_LABEL: '', ...overrides });
    const run = await runUntilSignalled(env, () => h().api.requests.some((r) => r.path === path));
    expect(run.code, run.stdout).toBe(143);
    expect(run.stdout).toContain('stopping on signal');
    expect(existsSync(h().path('etc/server.properties'))).toBe(false);
  });
});
