import { describe, expect, it } from 'vitest';
import {
  containerRunArgs,
  expandVars,
  fieldRefValue,
  httpProbe,
  memoryBytes,
  podVolumes,
  volumeFiles,
  resolveEnv,
  resolvePort,
  securityArgs,
  type PodFacts,
} from './pod-template.ts';

const pod: PodFacts = {
  name: 'zoo-1',
  namespace: 'kafka',
  uid: 'u-1',
  podIP: '10.0.0.11',
  hostIP: '10.0.0.1',
  nodeName: 'node-a',
  serviceAccountName: 'kafka',
  labels: { app: 'zk' },
  annotations: { note: 'x' },
};
const data = { configMaps: { cm: { A: 'from-cm', B: 'b' } }, secrets: { s: { PASS: 'p' } } };

describe('downward API', () => {
  it.each([
    ['metadata.name', 'zoo-1'],
    ['metadata.namespace', 'kafka'],
    ['metadata.uid', 'u-1'],
    ['status.podIP', '10.0.0.11'],
    ['status.hostIP', '10.0.0.1'],
    ['spec.nodeName', 'node-a'],
    ['spec.serviceAccountName', 'kafka'],
    ["metadata.labels['app']", 'zk'],
    ["metadata.annotations['note']", 'x'],
    ["metadata.labels['absent']", ''],
  ])('%s', (path, want) => {
    expect(fieldRefValue(path, pod)).toBe(want);
  });
  it('refuses a field it does not offer', () => {
    expect(() => fieldRefValue('spec.containers', pod)).toThrow(/not one the downward API offers/);
  });
});

describe('values', () => {
  it.each([
    ['128Mi', 128 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['1G', 1e9],
    ['500', 500],
    ['1.5Ki', 1536],
  ])('memory %s', (q, want) => {
    expect(memoryBytes(q)).toBe(want);
  });
  it.each([
    ['$(A)-x', 'a-x'],
    ['$$(A)', '$(A)'],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['plain', 'plain'],
  ])('expands %s', (s, want) => {
    expect(expandVars(s, { A: 'a' })).toBe(want);
  });
  it.each([
    [9404, 9404],
    ['9404', 9404],
    ['metrics', 9404],
  ])('port %s', (p, want) => {
    expect(resolvePort(p, [{ ports: [{ name: 'metrics', containerPort: 9404 }] }])).toBe(want);
  });
});

describe('resolveEnv', () => {
  it('resolves values, references, the downward API, ConfigMaps, Secrets and resources in order', () => {
    const env = resolveEnv(
      {
        resources: { limits: { memory: '256Mi' } },
        envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }],
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'GREETING', value: 'hi $(POD_NAME)' },
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'A' } } },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 's', key: 'PASS' } } },
          { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x', optional: true } } },
        ],
      },
      pod,
      data,
    );
    expect(env).toEqual({ CM_A: 'from-cm', CM_B: 'b', POD_NAME: 'zoo-1', GREETING: 'hi zoo-1', A: 'from-cm', PASS: 'p', MEM_MI: '256' });
  });
  it.each([
    ['a missing ConfigMap', { configMapKeyRef: { name: 'nope', key: 'A' } }, /ConfigMap nope/],
    ['a missing key', { configMapKeyRef: { name: 'cm', key: 'Z' } }, /key Z/],
    ['an unset resource', { resourceFieldRef: { resource: 'limits.cpu' } }, /does not set it/],
  ])('refuses %s', (_n, valueFrom, message) => {
    expect(() => resolveEnv({ env: [{ name: 'X', valueFrom }] }, pod, data)).toThrow(message);
  });
});

describe('pod spec to podman', () => {
  const spec = {
    securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, runAsNonRoot: true },
    volumes: [{ name: 'conf', emptyDir: {} }, { name: 'tpl', configMap: { name: 'cm' } }],
    containers: [
      {
        name: 'server',
        image: 'zookeeper:3.8',
        command: ['zkServer.sh', 'start-foreground'],
        env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        volumeMounts: [{ name: 'conf', mountPath: '/conf' }, { name: 'tpl', mountPath: '/tpl', readOnly: true }],
        resources: { limits: { memory: '1Gi' } },
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5 },
        ports: [{ name: 'metrics', containerPort: 9404 }],
      },
    ],
  };

  it('security context: user, fsGroup, read-only root without podman tmpfs, capabilities, no new privileges', () => {
    expect(securityArgs(spec, spec.containers[0]!)).toEqual([
      '--user', '1000:1000', '--group-add', '1000', '--read-only', '--read-only-tmpfs=false',
      '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    ]);
  });

  it('a container: env, mounts, termination log, memory, command as entrypoint', () => {
    const r = containerRunArgs({
      spec,
      container: spec.containers[0]!,
      pod,
      data,
      volumeDirs: { conf: '/h/conf', tpl: '/h/tpl' },
      image: 'localhost/zk:1',
      terminationLog: '/h/term',
    });
    expect(r.options).toEqual([
      '--env', 'N=zoo-1',
      '--volume', '/h/conf:/conf', '--volume', '/h/tpl:/tpl:ro', '--volume', '/h/term:/dev/termination-log',
      '--user', '1000:1000', '--group-add', '1000', '--read-only', '--read-only-tmpfs=false',
      '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--memory', String(1024 ** 3),
      '--entrypoint', '["zkServer.sh","start-foreground"]',
    ]);
    expect([r.image, r.argv]).toEqual(['localhost/zk:1', []]);
  });

  it('the readiness probe, with its named port resolved', () => {
    expect(httpProbe(spec, 'server', 'readinessProbe')).toEqual({
      container: 'server', path: '/readyz', port: 9404, scheme: 'HTTP', timeoutSeconds: 1, periodSeconds: 5, failureThreshold: 3,
    });
  });

  it('volumes: the pod own, and a claim per template named <claim>-<pod>', () => {
    const sts = { spec: { template: { spec }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] } };
    expect(podVolumes(sts, 'zoo-2')).toEqual([
      { kind: 'emptyDir', name: 'conf' },
      { kind: 'files', name: 'tpl', sources: [{ configMap: { name: 'cm' } }] },
      { kind: 'claim', name: 'data', claim: 'data-zoo-2' },
    ]);
  });

  it('refuses a mount of a volume the pod does not have', () => {
    expect(() =>
      containerRunArgs({ spec, container: { name: 'x', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }, pod, data, volumeDirs: {}, image: 'i' }),
    ).toThrow(/names no volume/);
  });
});

describe('volumeFiles', () => {
  it.each([
    ['a whole ConfigMap', [{ configMap: { name: 'cm' } }], { A: 'from-cm', B: 'b' }],
    ['chosen keys under other paths', [{ configMap: { name: 'cm', items: [{ key: 'B', path: 'dir/b.txt' }] } }], { 'dir/b.txt': 'b' }],
    ['a Secret', [{ secret: { name: 's' } }], { PASS: 'p' }],
    ['an optional ConfigMap that is missing', [{ configMap: { name: 'nope', optional: true } }], {}],
    [
      'the downward API',
      [{ downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'labels-app', fieldRef: { fieldPath: "metadata.labels['app']" } }] } }],
      { name: 'zoo-1', 'labels-app': 'zk' },
    ],
    [
      'a container limit through the downward API',
      [{ downwardAPI: { items: [{ path: 'mem', resourceFieldRef: { containerName: 'server', resource: 'limits.memory', divisor: '1Mi' } }] } }],
      { mem: '1024' },
    ],
    [
      'a projected service account',
      [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'cm', items: [{ key: 'A', path: 'ca.crt' }] } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }],
      { token: 'tok', 'ca.crt': 'from-cm', namespace: 'kafka' },
    ],
  ])('%s', (_name, sources, want) => {
    expect(volumeFiles(sources, pod, data, [{ name: 'server', resources: { limits: { memory: '1Gi' } } }], 'tok')).toEqual(want);
  });

  it.each([
    ['a missing ConfigMap', [{ configMap: { name: 'nope' } }], /ConfigMap nope/],
    ['a missing key', [{ configMap: { name: 'cm', items: [{ key: 'Z', path: 'z' }] } }], /key Z/],
    ['an unknown source', [{ clusterTrustBundle: {} }], /not supported/],
  ])('refuses %s', (_name, sources, message) => {
    expect(() => volumeFiles(sources, pod, data)).toThrow(message);
  });
});
