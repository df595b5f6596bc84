/**
 * A real node (node.ts) on a control plane of its own: the Node registers as system:node:<name>, a Pod
 * reaches the API server through the Service `kubernetes` (kube-proxy), and a StatefulSet's pods find
 * each other by their DNS names under a headless Service (CoreDNS). Where no node can run here the file
 * says why: outside CI it is skipped with the reason; in CI (CI=true) its one test fails with it.
 */
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogs, keepLogsIfFailed } from '../support/failure-logs.ts';
import { kubernetesBin, REPO_ROOT } from '../support/versions.ts';
import { waitFor } from '../support/wait.ts';
import { NODE_BASE_REF, ensureNodeBase } from '../../images/bake/local-bases.ts';
import { buildE2eImages, imageMapper } from '../e2e/images.ts';
import { startControlPlane, type ControlPlane } from './control-plane.ts';
import { MANUAL_VOLUMES, stackOverlay } from './stack-overlay.ts';
import { hostAddress, nodeBlocker, startNode, type Kubectl, type Node } from './node.ts';

// Against the user's cluster (KUBECONFIG) the suite starts nothing of its own, this node included.
const blocker = process.env.KUBECONFIG ? undefined : nodeBlocker();
const ownCluster = !!process.env.KUBECONFIG;
if (blocker) console.warn(`kubernetes node: cannot run here: ${blocker}`);

function kubectlAs(kubeconfig: string): Kubectl {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn(kubernetesBin('kubectl'), args, { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${err}${out}`))));
      child.stdin.end(input ?? '');
    });
}

describe.runIf(blocker && process.env.CI)('kubernetes node in CI', () => {
  it('can run on this machine', () => {
    expect.fail(`no node can run here: ${blocker}`);
  });
});

describe.skipIf(blocker || ownCluster)('a real node', () => {
  let dir: string;
  let cp: ControlPlane;
  let node: Node;
  let kubectl: Kubectl;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-node-'));
    try {
      cp = await startControlPlane(join(dir, 'control-plane'), { nodeAddress: hostAddress() });
      kubectl = kubectlAs(cp.kubeconfig);
      node = await startNode(cp, join(dir, 'node'), kubectl);
      await node.importImages([ensureNodeBase()]);
    } catch (e) {
      keepLogs('kubernetes-node', dir);
      throw e;
    }
    console.log(`kubernetes node: control plane in ${(cp.startMs / 1000).toFixed(1)} s, node Ready in ${(node.readyMs / 1000).toFixed(1)} s`);
  }, 240_000);

  afterAll(async (suite) => {
    await node?.stop();
    await cp?.stop();
    keepLogsIfFailed(suite, 'kubernetes-node', dir);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('registers its Node as system:node:<name>, Ready, on containerd', async () => {
    const n = JSON.parse(await kubectl(['get', 'node', node.name, '-o', 'json']));
    expect(n.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
    expect(n.status.addresses).toContainEqual({ type: 'InternalIP', address: node.address });
    // The kubelet, authorized as system:node:<name>, keeps its node's lease.
    await waitFor('the node\'s lease', async () => {
      const lease = await kubectl(['-n', 'kube-node-lease', 'get', 'lease', node.name, '-o', 'jsonpath={.spec.holderIdentity}']).catch(() => '');
      return lease === node.name;
    }, { timeoutMs: 60_000, intervalMs: 500 });
  });

  it('runs a pod that reaches the API server through the Service kubernetes', async () => {
    await kubectl(['create', 'namespace', 'node-pod']);
    const script = "require('https').get({host:process.env.KUBERNETES_SERVICE_HOST,port:443,path:'/version',rejectUnauthorized:false},r=>{console.log('status',r.statusCode)}).on('error',e=>{console.log('error',e.message);process.exit(1)})";
    await kubectl(['-n', 'node-pod', 'run', 'probe', `--image=${NODE_BASE_REF}`, '--image-pull-policy=Never', '--restart=Never', '--command', '--', '/nodejs/bin/node', '-e', script]);
    await waitFor('pod probe Succeeded', async () => (await kubectl(['-n', 'node-pod', 'get', 'pod', 'probe', '-o', 'jsonpath={.status.phase}'])) === 'Succeeded', { timeoutMs: 240_000, intervalMs: 500 });
    // /version is open to anyone (system:public-info-viewer): the API server's own answer, behind the ClusterIP.
    expect(await kubectl(['-n', 'node-pod', 'logs', 'probe'])).toMatch(/^status 200$/m);
  });

  it('names a StatefulSet\'s pods <pod>.<service>.<namespace>.svc.cluster.local', async () => {
    const ns = 'node-dns';
    await kubectl(['create', 'namespace', ns]);
    const names = [0, 1].map((i) => `web-${i}.web.${ns}.svc.cluster.local`);
    const script = `const dns=require('dns');const names=${JSON.stringify(names)};setInterval(()=>{for(const n of names)dns.lookup(n,(e,a)=>console.log(n,e?e.code:a))},1000)`;
    const manifest = [
      'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec: {clusterIP: None, selector: {app: web}, publishNotReadyAddresses: true, ports: [{port: 80}]}',
      '---',
      'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: web}',
      'spec:', '  serviceName: web', '  replicas: 2', '  selector: {matchLabels: {app: web}}',
      '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers:',
      `      - {name: lookup, image: "${NODE_BASE_REF}", imagePullPolicy: Never, command: ["/nodejs/bin/node", "-e", ${JSON.stringify(script)}]}`,
      '',
    ].join('\n');
    await kubectl(['-n', ns, 'apply', '-f', '-'], manifest);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=120s']);
    const ips = await Promise.all([0, 1].map(async (i) => (await kubectl(['-n', ns, 'get', 'pod', `web-${i}`, '-o', 'jsonpath={.status.podIP}'])).trim()));
    await waitFor('each pod resolves both names to their pod IPs', async () => {
      const log = await kubectl(['-n', ns, 'logs', 'web-0']);
      return names.every((n, i) => log.includes(`${n} ${ips[i]}`));
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
  });

  it('brings up ZooKeeper 3 + Kafka 3 of manifests/ with kubectl apply -k; a restart rolls one broker at a time; the PDB refuses a second broker\'s eviction', async () => {
    const t0 = Date.now();
    const images = await buildE2eImages();
    const map = imageMapper(images);
    const names = ['zookeeper', 'apache/kafka', 'ghcr.io/kafka-statefulset/zookeeper-init', 'ghcr.io/kafka-statefulset/kafka-init', 'ghcr.io/kafka-statefulset/sidecar'];
    const refs = Object.fromEntries(names.map((n) => [n, map(n === 'apache/kafka' ? 'apache/kafka:3.9.2' : n)]));
    await node.importImages(Object.values(refs));
    const tImages = Date.now();
    const ns = 'kafka';
    const volumes = join(dir, 'volumes');
    for (const v of MANUAL_VOLUMES) {
      mkdirSync(join(volumes, v), { recursive: true });
      chownSync(join(volumes, v), 1000, 1000);
    }
    const overlay = join(dir, 'overlay');
    mkdirSync(overlay);
    writeFileSync(join(overlay, 'kustomization.yaml'), stackOverlay({
      manifests: relative(overlay, join(REPO_ROOT, 'manifests')), namespace: ns, nodeName: node.name, volumeRoot: volumes, images: refs,
    }));
    await kubectl(['create', 'namespace', ns]);
    await kubectl(['apply', '-k', overlay]);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/zoo', '--timeout=300s']);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/kafka', '--timeout=300s']);
    const tUp = Date.now();
    // Brokers registered in ZooKeeper under their DNS names (kafka-init wrote advertised.listeners).
    const config = await kubectl(['-n', ns, 'exec', 'kafka-0', '-c', 'kafka', '--', 'cat', '/etc/kafka-broker/server.properties']);
    expect(config).toMatch(new RegExp(`kafka-0\\.broker\\.${ns}\\.svc\\.cluster\\.local`));
    // ... and every broker is in the cluster's metadata under its DNS name, reached through CoreDNS.
    const brokers = await kubectl(['-n', ns, 'exec', 'kafka-0', '-c', 'kafka', '--', '/opt/kafka/bin/kafka-broker-api-versions.sh',
      '--bootstrap-server', `kafka-1.broker.${ns}.svc.cluster.local:9092`], undefined);
    for (const i of [0, 1, 2]) expect(brokers).toMatch(new RegExp(`^kafka-${i}\\.broker\\.${ns}\\.svc\\.cluster\\.local:\\d+ \\(id: ${i} `, 'm'));

    // One broker at a time: while the restart runs, never more than one broker is not Ready.
    let worst = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const ready = (await kubectl(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/name=kafka', '-o', 'jsonpath={range .items[*]}{.status.containerStatuses[*].ready}{"\\n"}{end}']).catch(() => ''))
          .split('\n').filter(Boolean);
        worst = Math.max(worst, 3 - ready.filter((l) => !l.includes('false')).length);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();
    await kubectl(['-n', ns, 'rollout', 'restart', 'statefulset/kafka']);
    await kubectl(['-n', ns, 'rollout', 'status', 'statefulset/kafka', '--timeout=600s'], undefined);
    watching = false;
    await watch;
    expect(worst).toBe(1);

    // Last: an evicted broker's replacement is not waited for (see NODE.md).
    const evict = (pod: string) => kubectl(['create', '--raw', `/api/v1/namespaces/${ns}/pods/${pod}/eviction`, '-f', '-'],
      JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: ns } }));
    await evict('kafka-0');
    await expect(evict('kafka-1')).rejects.toThrow(/disruption budget/);

    console.log(`kubernetes node: images ${((tImages - t0) / 1000).toFixed(0)} s, zoo+kafka Ready ${((tUp - tImages) / 1000).toFixed(0)} s, restart ${((Date.now() - tUp) / 1000).toFixed(0)} s`);
  }, 1_500_000);
});
