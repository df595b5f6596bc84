// How dist/kafka-init.js reaches a real API server: the in-cluster service account (a token from the
// TokenRequest API and the cluster's CA), or a kubeconfig (a client certificate, a token with its CA
// in a file beside it, or no TLS verification); and the server's refusals: a token it did not issue
// (401), a CA that is not its own, an object that appears only after the first read (404, retried).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePki } from './pki.ts';
import { type K8sObject } from '../manifests/lint/kustomize.ts';
import { sleep } from '../support/wait.ts';
import { apply, kubeconfig } from './cluster.ts';
import { clusterEndpoint, useKafkaInitCluster, type Setup } from './kafka-init-pod.ts';

const { nodeName, setUp } = useKafkaInitCluster(import.meta.filename);

let s: Setup;
beforeAll(async () => {
  s = await setUp('.');
});

const facts = (ordinal: number) => ({ ordinal, namespace: s.ns, nodeName: nodeName(ordinal) });

/** A kubeconfig for the pod's token, with the cluster's CA in a file beside it (a relative path) or no verification. */
async function tokenKubeconfig(name: string, tls: 'ca-file' | 'insecure'): Promise<string> {
  const { host, port, ca } = await clusterEndpoint();
  writeFileSync(join(s.pod.dir, 'cluster-ca.crt'), ca);
  const cluster = tls === 'ca-file' ? 'certificate-authority: cluster-ca.crt' : 'insecure-skip-tls-verify: true';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const text = `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n    ${cluster}\nusers:\n- name: kafka\n  user:\n    token: ${s.token}\ncontexts:\n- name: x\n  context: {cluster: c, user: kafka}\ncurrent-context: x\n`;
  const file = join(s.pod.dir, name);
  writeFileSync(file, text);
  return file;
}

describe('kafka-init reaches the real API server', () => {
  it('as a pod: KUBERNETES_SERVICE_HOST/PORT and the service account folder', async () => {
    const r = await s.pod.run(facts(0), s.token);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.identity?.rack).toBe('zone-a');
  });

  it.each([
    ['the suite\'s own kubeconfig (an admin)', async () => kubeconfig()],
    ['a kubeconfig with the pod\'s token and the CA in a file beside it', () => tokenKubeconfig('kubeconfig-ca-file', 'ca-file')],
    ['a kubeconfig with the pod\'s token that skips TLS verification', () => tokenKubeconfig('kubeconfig-insecure', 'insecure')],
  ])('with %s', async (_name, file) => {
    const r = await s.pod.run(facts(1), s.token, { KUBECONFIG: await file() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.identity?.rack).toBe('zone-b');
  });
});

describe('kafka-init refused by the real API server', () => {
  it('a token the server did not issue: 401, once, and what to check', async () => {
    const r = await s.pod.run(facts(0), 'not-a-token');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/refused the credentials of the in-cluster service account \(401: Unauthorized\): check the service account token/);
    expect(r.properties).toBeUndefined();
    expect(r.logs.filter((l) => String(l.msg).includes('retrying'))).toEqual([]);
  });

  it('a CA that is not the server\'s: no secure connection, not retried', async () => {
    const other = makePki(mkdirSync(join(s.pod.dir, 'other-ca'), { recursive: true })!);
    const r = await s.pod.run(facts(0), s.token, { KUBECONFIG: '' }, other.caCert);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/cannot reach the Kubernetes API at https:\/\/\S+ securely \(.*\): check the CA/);
    expect(r.logs.filter((l) => String(l.msg).includes('retrying'))).toEqual([]);
  });
});

describe('kafka-init retries what may come', () => {
  it('a Service created while it retries the 404', async () => {
    // The Role to read Services, without the variant's outside-N (their nodePorts are another file's).
    const np = await setUp('variants/external-nodeport', ['Service/outside-0', 'Service/outside-1', 'Service/outside-2']);
    const svc: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'outside-5', namespace: np.ns }, spec: { type: 'NodePort', selector: { app: 'none' }, ports: [{ port: 9094, targetPort: 9094 }] } };
    const running = np.pod.run({ ...facts(0), ordinal: 5, namespace: np.ns }, np.token, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_RACK_LABEL: '', KUBE_API_RETRIES: '8', KUBE_API_BACKOFF: '200ms' });
    await sleep(500);
    expect((await apply([svc])).code).toBe(0);
    const r = await running;
    expect(r.code, r.error).toBe(0);
    expect(r.identity?.advertisedListeners?.EXTERNAL).toMatch(/^203\.0\.113\.10:\d+$/);
    expect(r.logs.filter((l) => String(l.msg).includes('retrying')).length).toBeGreaterThan(0);
  });
});
