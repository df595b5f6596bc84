/**
 * A Kubernetes node on this machine, joined to a control plane that control-plane.ts started with
 * `nodeAddress`: containerd (Debian's, with its CRI plugin) running pods with runc, CNI's bridge,
 * host-local and portmap plugins (Debian's containernetworking-plugins) on a bridge of its own, the
 * kubelet as `system:node:<name>` (Node authorizer), kube-proxy in iptables mode, and CoreDNS (built by
 * test/kubernetes/node-install.sh) for cluster.local, run beside them and reached through the Service
 * kube-dns. The pod sandbox's image is our own (test/kubernetes/pause). Images come from podman's store
 * (`podman save | ctr images import`). Everything of its own lives under `dir` and /run/<name>;
 * stop() ends exactly the processes started here, after the pods are gone.
 *
 * What this machine needs for it, and why (see nodeBlocker()): root; cgroups, v1 included (the kubelet
 * refuses v1 unless failCgroupV1 is false); containerd may not lower a container's oom_score_adj where
 * the machine withholds CAP_SYS_RESOURCE, so restrict_oom_score_adj is on.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageExists, podman, podmanEnv } from '../../images/bake/podman.ts';
import { freePorts } from '../support/ports.ts';
import { kubernetesBin, REPO_ROOT } from '../support/versions.ts';
import { GiveUp, waitFor } from '../support/wait.ts';
import { startProcess, type ZkProcess } from '../support/zookeeper.ts';
import { SERVICE_RANGE, type ControlPlane } from './control-plane.ts';
import { kubeconfigText } from './pki.ts';
import { BRIDGE, cgroupDirs, cniConfig, containerdConfig, kubeletConfig, kubeProxyConfig, POD_RANGE } from './node-config.ts';

export const NODE_NAME = 'kafka-test-node';
export const CLUSTER_DNS = '10.96.0.10';
export const NODE_CACHE = join(REPO_ROOT, '.cache', 'node');
export const PAUSE_IMAGE = 'localhost/kafka-tests/pause:1';

export interface Node {
  readonly name: string;
  readonly address: string;
  /** Milliseconds from the start of containerd until the Node was Ready. */
  readonly readyMs: number;
  /** Makes podman's images (by reference) the node's. */
  importImages(refs: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Why no node can run here, or undefined when it can. */
export function nodeBlocker(): string | undefined {
  if (process.getuid?.() !== 0) return 'the node runs as root (containerd, kubelet, kube-proxy)';
  for (const cmd of ['containerd', 'ctr', 'runc', 'iptables', 'podman']) {
    if (!onPath(cmd)) return `${cmd} is not installed: run test/kubernetes/node-install.sh (test/setup.sh does)`;
  }
  for (const p of ['bridge', 'host-local', 'portmap', 'loopback']) {
    if (!existsSync(join('/usr/lib/cni', p))) return `CNI plugin /usr/lib/cni/${p} is missing: apt-get install containernetworking-plugins`;
  }
  for (const f of ['pause', 'coredns']) {
    if (!existsSync(join(NODE_CACHE, f))) return `${join(NODE_CACHE, f)} is not built: run test/kubernetes/node-install.sh`;
  }
  try {
    kubernetesBin('kubelet');
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** The pause image in podman's store, from .cache/node/pause (node-install.sh) and pause/Containerfile. */
export function ensurePauseImage(): string {
  if (imageExists(PAUSE_IMAGE)) return PAUSE_IMAGE;
  const ctx = mkdtempSync(join(NODE_CACHE, 'pause-context-'));
  try {
    copyFileSync(join(NODE_CACHE, 'pause'), join(ctx, 'pause'));
    copyFileSync(join(REPO_ROOT, 'test/kubernetes/pause/Containerfile'), join(ctx, 'Containerfile'));
    podman(['build', '--quiet', '-t', PAUSE_IMAGE, ctx]);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return PAUSE_IMAGE;
}

/** The machine's address on its default route: the node's InternalIP. */
export function hostAddress(): string {
  const out = execFileSync('ip', ['-4', 'route', 'get', '192.0.2.255'], { encoding: 'utf8' });
  const m = /\bsrc (\d+\.\d+\.\d+\.\d+)/.exec(out);
  if (!m) throw new Error(`no source address in: ${out}`);
  return m[1]!;
}

function ctr(sock: string, args: readonly string[]): string {
  return execFileSync('ctr', ['-a', sock, '-n', 'k8s.io', ...args], { encoding: 'utf8' });
}

function alive(p: ZkProcess, what: string): void {
  if (!p.running()) throw new GiveUp(`${what} exited; see ${p.logFile}`);
}

/** kubectl as the cluster's admin: stdout, or a rejection when it exits non-zero. */
export type Kubectl = (args: readonly string[], input?: string) => Promise<string>;

export async function startNode(cp: ControlPlane, dir: string, kubectl: Kubectl): Promise<Node> {
  const started = Date.now();
  const address = hostAddress();
  const run = `/run/${NODE_NAME}`;
  const sock = join(run, 'containerd.sock');
  mkdirSync(run, { recursive: true });
  for (const d of ['cni', 'kubelet', 'pod-logs']) mkdirSync(join(dir, d), { recursive: true });
  for (const d of cgroupDirs(NODE_NAME)) mkdirSync(d, { recursive: true });
  const cpuset = '/sys/fs/cgroup/cpuset';
  if (existsSync(join(cpuset, NODE_NAME, 'cpuset.cpus')) && readFileSync(join(cpuset, NODE_NAME, 'cpuset.cpus'), 'utf8').trim() === '') {
    for (const f of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(join(cpuset, NODE_NAME, f), readFileSync(join(cpuset, f)));
  }
  // Pods reach Services and the outside through this machine.
  writeFileSync('/proc/sys/net/ipv4/ip_forward', '1');

  const [kubeletPort, kubeletHealthz, proxyHealthz, proxyMetrics, dnsPort] = (await freePorts(5)) as [number, number, number, number, number];
  writeFileSync(join(dir, 'containerd.toml'), containerdConfig({ dir, run, pauseImage: PAUSE_IMAGE }));
  writeFileSync(join(dir, 'cni', '10-kafka-test.conflist'), cniConfig(join(dir, 'cni-ipam')));
  const procs: ZkProcess[] = [];
  // Containers outlive containerd: their tasks are killed before it stops.
  const stopAll = async () => {
    for (const p of procs.slice(1).reverse()) await p.stop();
    killTasks(sock);
    await procs[0]?.stop();
  };
  try {
    const containerd = startProcess(['containerd', '--config', join(dir, 'containerd.toml')], join(dir, 'containerd.log'));
    procs.push(containerd);
    await waitFor('containerd', async () => {
      alive(containerd, 'containerd');
      return spawnSync('ctr', ['-a', sock, 'version'], { stdio: 'ignore' }).status === 0;
    }, { timeoutMs: 30_000, intervalMs: 200 });

    const node = {
      async importImages(refs: readonly string[]) {
        // Asynchronous: an import takes a while, and the test worker must go on answering its runner.
        for (const ref of refs) {
          await new Promise<void>((resolve, reject) => {
            const child = spawn('bash', ['-o', 'pipefail', '-c', 'podman save "$1" | ctr -a "$2" -n k8s.io images import -', 'import', ref, sock],
              { env: podmanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
            let err = '';
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('error', reject);
            child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`importing ${ref} into the node's containerd failed (${code}): ${err}`))));
          });
        }
      },
    };
    await node.importImages([ensurePauseImage()]);

    const pki = cp.pki;
    const kubeletKubeconfig = join(dir, 'kubelet.kubeconfig');
    writeFileSync(kubeletKubeconfig, kubeconfigText(cp.server, pki.caCert, pki.client(`system:node:${NODE_NAME}`, ['system:nodes'])), { mode: 0o600 });
    const serving = pki.serving(NODE_NAME, address);
    writeFileSync(join(dir, 'kubelet.yaml'), kubeletConfig({
      sock, address, port: kubeletPort, healthzPort: kubeletHealthz, caCert: pki.caCert, serving,
      clusterDNS: CLUSTER_DNS, podLogsDir: join(dir, 'pod-logs'), cgroupRoot: `/${NODE_NAME}`,
    }));
    const kubelet = startProcess([
      kubernetesBin('kubelet'), `--config=${join(dir, 'kubelet.yaml')}`, `--kubeconfig=${kubeletKubeconfig}`,
      `--root-dir=${join(dir, 'kubelet')}`, `--hostname-override=${NODE_NAME}`, `--node-ip=${address}`,
    ], join(dir, 'kubelet.log'));
    procs.push(kubelet);

    const proxyKubeconfig = join(dir, 'kube-proxy.kubeconfig');
    writeFileSync(proxyKubeconfig, kubeconfigText(cp.server, pki.caCert, pki.client('system:kube-proxy')), { mode: 0o600 });
    writeFileSync(join(dir, 'kube-proxy.yaml'), kubeProxyConfig({ kubeconfig: proxyKubeconfig, nodeName: NODE_NAME, address, healthzPort: proxyHealthz, metricsPort: proxyMetrics }));
    const proxy = startProcess([kubernetesBin('kube-proxy'), `--config=${join(dir, 'kube-proxy.yaml')}`], join(dir, 'kube-proxy.log'));
    procs.push(proxy);

    // CoreDNS beside the node, as the admin, behind the Service kube-dns (no selector: its EndpointSlice is ours).
    writeFileSync(join(dir, 'Corefile'), [
      `.:${dnsPort} {`, `  bind ${address}`, '  errors', '  health 127.0.0.1:0',
      `  kubernetes cluster.local in-addr.arpa ip6.arpa {`, `    kubeconfig ${cp.kubeconfig}`, '    pods insecure', '    fallthrough in-addr.arpa ip6.arpa', '  }',
      '  forward . /etc/resolv.conf', '  cache 5', '}', '',
    ].join('\n'));
    const dns = startProcess([join(NODE_CACHE, 'coredns'), '-conf', join(dir, 'Corefile')], join(dir, 'coredns.log'));
    procs.push(dns);
    await kubectl(['apply', '--server-side', '--field-manager=kafka-tests', '-f', '-'], dnsObjects(address, dnsPort));

    await waitFor(`Node ${NODE_NAME} Ready`, async () => {
      alive(kubelet, 'kubelet');
      alive(proxy, 'kube-proxy');
      alive(dns, 'coredns');
      const out = await kubectl(['get', 'node', NODE_NAME, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).catch(() => '');
      return out.trim() === 'True';
    }, { timeoutMs: 90_000, intervalMs: 500 });
    const readyMs = Date.now() - started;
    return {
      name: NODE_NAME,
      address,
      readyMs,
      importImages: node.importImages,
      stop: async () => {
        await drain(kubectl);
        await stopAll();
        cleanUp(dir, run);
      },
    };
  } catch (e) {
    await stopAll();
    cleanUp(dir, run);
    throw e;
  }
}

export { POD_RANGE, SERVICE_RANGE };

/** The Service kube-dns at CLUSTER_DNS, and its endpoints: CoreDNS on the machine's address. */
export function dnsObjects(address: string, port: number): string {
  return [
    'apiVersion: v1', 'kind: Service', 'metadata: {name: kube-dns, namespace: kube-system}',
    'spec:', `  clusterIP: ${CLUSTER_DNS}`, '  ports:',
    `  - {name: dns, port: 53, targetPort: ${port}, protocol: UDP}`, `  - {name: dns-tcp, port: 53, targetPort: ${port}, protocol: TCP}`,
    '---',
    'apiVersion: discovery.k8s.io/v1', 'kind: EndpointSlice',
    'metadata: {name: kube-dns-host, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}',
    'addressType: IPv4', `endpoints: [{addresses: ['${address}']}]`,
    'ports:', `- {name: dns, port: ${port}, protocol: UDP}`, `- {name: dns-tcp, port: ${port}, protocol: TCP}`, '',
  ].join('\n');
}

/**
 * Deletes the workloads and every pod bound to the node, and waits until the kubelet has torn each pod
 * down (its sandbox stopped, CNI DEL included), so that nothing of theirs outlives the node.
 */
async function drain(kubectl: Kubectl): Promise<void> {
  await kubectl(['delete', 'statefulsets,deployments,replicasets,daemonsets,jobs', '-A', '--all', '--wait=false']).catch(() => '');
  await kubectl(['delete', 'pods', '-A', '--field-selector', `spec.nodeName=${NODE_NAME}`, '--grace-period=5', '--wait=false']).catch(() => '');
  await waitFor('pods gone from the node', async () => {
    const out = await kubectl(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${NODE_NAME}`, '-o', 'name']).catch(() => 'x');
    return out.trim() === '';
  }, { timeoutMs: 90_000, intervalMs: 500 }).catch(() => undefined);
}

function killTasks(sock: string): void {
  if (spawnSync('ctr', ['-a', sock, 'version'], { stdio: 'ignore' }).status !== 0) return;
  for (const id of ctr(sock, ['tasks', 'ls', '-q']).split('\n').filter(Boolean)) {
    spawnSync('ctr', ['-a', sock, '-n', 'k8s.io', 'tasks', 'kill', '-a', '-s', 'SIGKILL', id], { stdio: 'ignore' });
    spawnSync('ctr', ['-a', sock, '-n', 'k8s.io', 'tasks', 'delete', '-f', id], { stdio: 'ignore' });
  }
}

/** What outlives the processes: kube-proxy's Service rules, the pods' bridge, the cgroups of the node. */
function cleanUp(dir: string, run: string): void {
  spawnSync(kubernetesBin('kube-proxy'), ['--cleanup', `--config=${join(dir, 'kube-proxy.yaml')}`], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' });
  // The kubelet bind-mounts its root directory onto itself (to share mounts with the pods).
  spawnSync('umount', [join(dir, 'kubelet')], { stdio: 'ignore' });
  // runc makes the node's cgroup in the empty unified hierarchy too, on a machine with both.
  for (const d of [...cgroupDirs(NODE_NAME), `/sys/fs/cgroup/unified/${NODE_NAME}`]) removeCgroup(d);
  rmSync(run, { recursive: true, force: true });
}

/** A cgroup and those under it, deepest first (an empty cgroup's files go with rmdir). */
function removeCgroup(d: string): void {
  if (!existsSync(d)) return;
  for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) removeCgroup(join(d, e.name));
  try {
    rmdirSync(d);
  } catch {
    // still in use: left as it is
  }
}
