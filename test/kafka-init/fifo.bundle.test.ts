// Files kafka-init reads for the Kubernetes API, and the termination log it writes, as FIFOs: a plain
// read or write would block forever (no writer, no reader). Each is refused or skipped, and the agent
// exits with its code (runBundle kills it after 20 s, which would show as a null code).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'kafka-init-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  execFileSync('mkfifo', [path]);
  return path;
}

const base = (name: string) => ({
  POD_NAME: 'kafka-0',
  POD_NAMESPACE: 'kafka',
  NODE_NAME: 'n0',
  KAFKA_DATA_DIR: join(dir, name, 'data'),
  KAFKA_CONFIG_OUT: join(dir, name, 'etc', 'server.properties'),
  KAFKA_IDENTITY_OUT: join(dir, name, 'etc', 'identity.json'),
});

describe('kafka-init never blocks on a FIFO', () => {
  it.each([
    ['KUBECONFIG', (d: string) => ({ KUBECONFIG: fifo(join(d, 'kubeconfig')) }), /KUBECONFIG .*kubeconfig is a FIFO/],
    [
      'the service account token',
      (d: string) => {
        fifo(join(d, 'sa', 'token'));
        writeFileSync(join(d, 'sa', 'ca.crt'), '');
        return { KUBE_SERVICE_ACCOUNT_DIR: join(d, 'sa'), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '1' };
      },
      /service account token .*token cannot be read .*FIFO.*KUBE_SERVICE_ACCOUNT_DIR|KUBE_SERVICE_ACCOUNT_DIR .*token is a FIFO/,
    ],
  ])('%s as a FIFO is refused (exit 2, naming the setting)', async (name, env, message) => {
    const d = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(d, { recursive: true });
    const r = await runBundle('kafka-init', { env: { ...base(d), ...env(d) } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a termination log that is a FIFO nobody reads does not hold the exit', async () => {
    const d = join(dir, 'termination');
    const r = await runBundle('kafka-init', { env: { ...base(d), POD_NAME: 'not-a-pod', TERMINATION_MESSAGE_PATH: fifo(join(d, 'termination-log')) } });
    expect(r.code, r.stderr).toBe(2);
  });
});
