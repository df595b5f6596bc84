// The suite's cluster has what the other files lean on: the pinned version (our own control plane),
// Node and RBAC authorization, ServiceAccount tokens from the TokenRequest API with the issuer and
// audience a pod's token has, and Pod Security admission enforcing a namespace's label on Pods.
import { inject, describe, expect, it } from 'vitest';
import { KUBERNETES_VERSION } from '../support/versions.ts';
import { kubectl, kubectlOk, toYaml, useNamespaces } from './cluster.ts';
import { SERVICE_ACCOUNT_ISSUER } from './control-plane.ts';
import { serviceAccountToken } from './kafka-init-pod.ts';

const namespace = useNamespaces(import.meta.filename);
const own = inject('controlPlaneDir') !== '';

/** Asks the server whether `user` (in `groups`) may do `verb` on `resource`: kubectl auth can-i. */
async function canI(verb: string, resource: string, user: string, groups: string[] = [], ns?: string): Promise<boolean> {
  const args = ['auth', 'can-i', verb, resource, `--as=${user}`, ...groups.map((g) => `--as-group=${g}`), ...(ns ? ['-n', ns] : [])];
  const r = await kubectl(args);
  return r.stdout.trim() === 'yes';
}

describe('the suite\'s cluster', () => {
  it.runIf(own)(`runs Kubernetes ${KUBERNETES_VERSION}`, async () => {
    const v = JSON.parse(await kubectlOk(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string }; clientVersion: { gitVersion: string } };
    expect(v.serverVersion.gitVersion).toBe(KUBERNETES_VERSION);
    expect(v.clientVersion.gitVersion).toBe(KUBERNETES_VERSION);
  });

  it('authorizes nodes by the Node authorizer: a kubelet may read its own Node, not a Secret it has no pod for', async () => {
    const kubelet = ['system:node:kt-node-x', ['system:nodes']] as const;
    expect(await canI('get', 'nodes/kt-node-x', kubelet[0], [...kubelet[1]])).toBe(true);
    expect(await canI('get', 'secrets/some-secret', kubelet[0], [...kubelet[1]], 'default')).toBe(false);
  });

  it('authorizes by RBAC: a ServiceAccount without bindings may not read Services', async () => {
    const ns = await namespace('restricted', 'rbac');
    expect(await canI('get', 'services', `system:serviceaccount:${ns}:nobody`, [], ns)).toBe(false);
  });

  it('issues ServiceAccount tokens by the TokenRequest API', async () => {
    const ns = await namespace('restricted', 'token');
    await kubectlOk(['-n', ns, 'create', 'serviceaccount', 'kafka']);
    const token = await serviceAccountToken(ns, 'kafka');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iss: string; sub: string; exp: number; iat: number };
    expect(claims.sub).toBe(`system:serviceaccount:${ns}:kafka`);
    expect(claims.exp - claims.iat).toBe(600);
    if (own) expect(claims.iss).toBe(SERVICE_ACCOUNT_ISSUER);
  });

  it('enforces Pod Security on Pods: a privileged pod is refused in a restricted namespace', async () => {
    const ns = await namespace('restricted', 'pod-security');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'privileged', namespace: ns }, spec: { containers: [{ name: 'c', image: 'busybox:1', securityContext: { privileged: true } }] } };
    const r = await kubectl(['create', '--dry-run=server', '-f', '-'], { input: toYaml([pod as never]) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/violates PodSecurity "restricted:latest": privileged \(container "c" must not set securityContext.privileged=true\)/);
  });
});
