// Integration: real ZooKeeper (Debian's package) started from exactly the files the
// zookeeper-init bundle wrote for zoo-0, zoo-1 and zoo-2. Each member runs in its own
// network namespace with hostname zoo-N and an /etc/hosts that resolves the headless
// Service's names, standing in for cluster DNS. What this cannot show: Kubernetes' own
// DNS timing (names that resolve only once a pod is scheduled) and volume binding.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.ts';
import { createTestNetwork, type TestNetwork } from '../support/netns.ts';
import { startProcess, zkJavaArgv, zkMode, type ZkProcess } from '../support/zookeeper.ts';
import { waitFor } from '../support/wait.ts';

const NAMESPACE = 'kafka';
const PODS = ['zoo-0', 'zoo-1', 'zoo-2'];
const VOLUMES = ['data', 'datalog', 'conf'];
const fqdn = (pod: string) => `${pod}.zoo.${NAMESPACE}.svc.cluster.local`;

describe('a 3-member ensemble from zookeeper-init output', () => {
  let root: string;
  let net: TestNetwork;
  const procs = new Map<string, ZkProcess>();

  const modes = async () =>
    Object.fromEntries(await Promise.all(net.hosts.map(async (h) => [h.name, await zkMode(h.ip, 2181)] as const)));

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'zk-ensemble-'));
    net = createTestNetwork(PODS);
    const hosts = ['127.0.0.1 localhost', ...net.hosts.map((h) => `${h.ip} ${fqdn(h.name)} ${h.name}`)].join('\n') + '\n';
    const hostsFile = join(root, 'hosts');
    writeFileSync(hostsFile, hosts);

    // Every pod sees its own volumes at the same paths, as in the StatefulSet.
    const volumes = (pod: string) => VOLUMES.map((v) => [join(root, pod, v), `/mnt/zk/${v}`] as const);
    for (const host of net.hosts) {
      for (const v of VOLUMES) mkdirSync(join(root, host.name, v), { recursive: true });
      const r = await runBundle('zookeeper-init', {
        env: {
          POD_NAMESPACE: NAMESPACE, // POD_NAME falls back to HOSTNAME, which the pod's UTS namespace sets
          HOSTNAME: host.name,
          ZK_REPLICAS: '3',
          ZK_DATA_DIR: '/mnt/zk/data',
          ZK_DATA_LOG_DIR: '/mnt/zk/datalog',
          ZK_CONF_DIR: '/mnt/zk/conf',
        },
        wrap: net.execArgv(host, hostsFile, [], volumes(host.name)),
      });
      expect(r.code, r.stderr).toBe(0);
    }
    for (const host of net.hosts) {
      const argv = net.execArgv(host, hostsFile, zkJavaArgv('/mnt/zk/conf/zoo.cfg'), volumes(host.name));
      procs.set(host.name, startProcess(argv, join(root, `${host.name}.log`)));
    }
  });

  afterAll(async () => {
    await Promise.all([...procs.values()].map((p) => p.stop()));
    net?.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('wrote ids 1..3 and one ensemble', () => {
    const ids = PODS.map((p) => readFileSync(join(root, p, 'data', 'myid'), 'utf8').trim());
    expect(ids).toEqual(['1', '2', '3']);
    // The same file on every member, but for the first comment line, which names the pod.
    const bodies = PODS.map((p) => readFileSync(join(root, p, 'conf', 'zoo.cfg'), 'utf8').split('\n').slice(1).join('\n'));
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('dataLogDir=/mnt/zk/datalog');
    expect(bodies[0]).toContain(`server.2=${fqdn('zoo-1')}:2888:3888`);
  });

  it('forms a quorum: one leader, two followers', async () => {
    const m = await waitFor(
      'one leader and two followers',
      async () => {
        const m = await modes();
        const v = Object.values(m);
        return v.filter((x) => x === 'leader').length === 1 && v.filter((x) => x === 'follower').length === 2 ? m : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(Object.values(m).sort()).toEqual(['follower', 'follower', 'leader']);
  });

  it('elects a new leader when the leader is killed', async () => {
    const before = await modes();
    const leader = Object.entries(before).find(([, mode]) => mode === 'leader')![0];
    await procs.get(leader)!.kill();
    const after = await waitFor(
      'a new leader among the survivors',
      async () => {
        const m = await modes();
        const survivors = Object.entries(m).filter(([pod]) => pod !== leader).map(([, v]) => v);
        return survivors.includes('leader') && survivors.includes('follower') ? m : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(after[leader]).toBeUndefined();
    expect(Object.entries(after).find(([, m]) => m === 'leader')![0]).not.toBe(leader);
  });
});
