/**
 * The configuration files of the test node (node.ts), as pure functions of where things are: containerd's
 * (CRI plugin), the CNI network list, the kubelet's and kube-proxy's, and the cgroups the kubelet is given.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The pods' addresses, on the bridge BRIDGE; the machine is their gateway and masquerades them. */
export const POD_RANGE = '10.244.0.0/24';
export const BRIDGE = 'kt-cni0';

export function containerdConfig({ dir, run, pauseImage }: { dir: string; run: string; pauseImage: string }): string {
  return [
    'version = 2',
    `root = "${join(dir, 'containerd')}"`,
    `state = "${join(run, 'state')}"`,
    '[grpc]', `  address = "${join(run, 'containerd.sock')}"`,
    '[ttrpc]', `  address = "${join(run, 'containerd.sock.ttrpc')}"`,
    '[debug]', '  address = ""',
    '[metrics]', '  address = ""',
    '[plugins."io.containerd.grpc.v1.cri"]',
    `  sandbox_image = "${pauseImage}"`,
    // Keeps a container's oom_score_adj no lower than containerd's: lowering it needs CAP_SYS_RESOURCE,
    // which a machine may withhold even from root (runc then fails with "can't get final child's PID").
    '  restrict_oom_score_adj = true',
    '  [plugins."io.containerd.grpc.v1.cri".containerd]',
    '    snapshotter = "overlayfs"',
    '    default_runtime_name = "runc"',
    '    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
    '      runtime_type = "io.containerd.runc.v2"',
    '      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
    '        SystemdCgroup = false',
    `        Root = "${join(run, 'runc')}"`,
    '  [plugins."io.containerd.grpc.v1.cri".cni]',
    '    bin_dir = "/usr/lib/cni"',
    `    conf_dir = "${join(dir, 'cni')}"`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = "${join(dir, 'containerd-opt')}"`,
    '',
  ].join('\n');
}

export function cniConfig(ipamDir: string): string {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: 'kafka-test-pods',
    plugins: [
      {
        type: 'bridge', bridge: BRIDGE, isGateway: true, ipMasq: true, hairpinMode: true,
        ipam: { type: 'host-local', ranges: [[{ subnet: POD_RANGE }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: ipamDir },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  }, null, 2) + '\n';
}

export interface KubeletSettings {
  readonly sock: string;
  readonly address: string;
  readonly port: number;
  readonly healthzPort: number;
  readonly caCert: string;
  readonly serving: { cert: string; key: string };
  readonly clusterDNS: string;
  readonly podLogsDir: string;
  readonly cgroupRoot: string;
}

export function kubeletConfig(s: KubeletSettings): string {
  return [
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    // Kubernetes 1.35 on refuses cgroup v1 unless told otherwise; 1.37 still runs on it.
    'failCgroupV1: false',
    'cgroupDriver: cgroupfs',
    // Pods' cgroups under a root of our own, apart from any other kubelet's /kubepods on the machine.
    `cgroupRoot: ${s.cgroupRoot}`,
    `containerRuntimeEndpoint: unix://${s.sock}`,
    `address: ${s.address}`, `port: ${s.port}`, 'readOnlyPort: 0',
    'healthzBindAddress: 127.0.0.1', `healthzPort: ${s.healthzPort}`,
    'authentication:', '  anonymous: {enabled: false}', '  webhook: {enabled: true}', `  x509: {clientCAFile: ${s.caCert}}`,
    'authorization: {mode: Webhook}',
    `tlsCertFile: ${s.serving.cert}`, `tlsPrivateKeyFile: ${s.serving.key}`,
    'clusterDomain: cluster.local', `clusterDNS: [${s.clusterDNS}]`,
    'failSwapOn: false',
    `podLogsDir: ${s.podLogsDir}`,
    // A shared test machine's disk is not the node's to guard: no eviction, no image garbage collection.
    'evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}',
    'imageGCHighThresholdPercent: 100', 'imageGCLowThresholdPercent: 99',
    'serializeImagePulls: false',
    '',
  ].join('\n');
}

export function kubeProxyConfig(s: { kubeconfig: string; nodeName: string; address: string; healthzPort: number; metricsPort: number }): string {
  return [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'kind: KubeProxyConfiguration',
    `clientConnection: {kubeconfig: ${s.kubeconfig}}`,
    `hostnameOverride: ${s.nodeName}`,
    'mode: iptables',
    `clusterCIDR: ${POD_RANGE}`,
    `bindAddress: ${s.address}`,
    `healthzBindAddress: 127.0.0.1:${s.healthzPort}`,
    `metricsBindAddress: 127.0.0.1:${s.metricsPort}`,
    'nodePortAddresses: [primary]',
    // The conntrack table's size is the machine's: kube-proxy leaves it alone.
    'conntrack: {maxPerCore: 0}',
    '',
  ].join('\n');
}

/** The cgroup `name` in every hierarchy: each v1 controller's (not the empty unified one beside them), or v2's one. */
export function cgroupDirs(name: string, root = '/sys/fs/cgroup'): string[] {
  if (existsSync(join(root, 'cgroup.controllers'))) return [join(root, name)];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'unified')
    .map((d) => join(root, d.name, name));
}
