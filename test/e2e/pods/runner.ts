/**
 * A StatefulSet's pods as podman containers on this machine, each pod in its
 * own network namespace (test/support/netns.ts) with its hostname and the
 * headless Service's names in /etc/hosts, as a kubelet and cluster DNS give
 * them. For an ordinal: volumes are made (emptyDir: a fresh directory per pod;
 * claim templates: a directory per claim that outlives the pod; ConfigMaps: their
 * files; fsGroup applied as the kubelet does), the init containers run to
 * completion in order, then the containers start. Containers see the env,
 * command, mounts, user and limits of the rendered template (pod-template.ts).
 * Containers are named <prefix>-<pod>-<container>; destroy() removes the ones this object made and
 * the network, and only those. Volumes live under runDir, which the caller owns.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { createTestNetwork, type TestHost, type TestNetwork } from '../../support/netns.ts';
import { containerRunArgs, httpProbe, podVolumes, volumeFiles, type ConfigData, type HttpProbe, type PodFacts } from './pod-template.ts';
import { podman, podmanAsync, podmanRaw } from '../../../images/bake/podman.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface InitResult {
  readonly container: string;
  readonly exitCode: number;
  readonly output: string;
  readonly terminationMessage: string;
  readonly ms: number;
}

export interface ProbeResult {
  /** HTTP status, or 0 when nothing answered. */
  readonly status: number;
  readonly body: string;
}

export interface StatefulSetOptions {
  /** Names everything this run makes. */
  readonly prefix: string;
  /** Where volumes and termination logs go (the caller removes it). */
  readonly runDir: string;
  /** The image to run for an image the manifest names. */
  readonly mapImage: (image: string) => string;
  readonly data: ConfigData;
  /** Extra /etc/hosts entries for every pod (name -> address, or addresses: a Service's ready endpoints). */
  readonly extraHosts?: Readonly<Record<string, string | readonly string[]>>;
  /** A network shared with other workloads (their pods reach these by address); destroy() leaves it. */
  readonly network?: TestNetwork;
  /** The Kubernetes API as pods see it: the service-account directory (token, ca.crt, namespace) the
   * kubelet mounts unless automountServiceAccountToken is false, and the address it puts in
   * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT. */
  readonly kubernetesApi?: { readonly serviceAccountDir: string; readonly host: string; readonly port: number };
}

export class StatefulSetPods {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly spec: Json;
  readonly net: TestNetwork;
  private readonly containers = new Set<string>();
  private readonly uids = new Map<number, string>();

  constructor(
    readonly sts: Json,
    private readonly opts: StatefulSetOptions,
  ) {
    this.name = sts.metadata.name;
    this.namespace = sts.metadata.namespace ?? 'default';
    this.replicas = sts.spec.replicas ?? 1;
    this.spec = sts.spec.template.spec;
    const names = Array.from({ length: this.replicas }, (_, i) => this.podName(i));
    if (opts.network) {
      this.net = opts.network;
      this.hosts = names.map((n) => opts.network!.addHost(n));
    } else {
      this.net = createTestNetwork(names);
      this.hosts = this.net.hosts;
    }
  }

  private readonly hosts: readonly TestHost[];

  podName(ordinal: number): string {
    return `${this.name}-${ordinal}`;
  }

  host(ordinal: number): TestHost {
    return this.hosts[ordinal]!;
  }

  /** zoo-0.zoo.kafka.svc.cluster.local: the name the headless Service gives the pod. */
  fqdn(ordinal: number): string {
    return `${this.podName(ordinal)}.${this.sts.spec.serviceName}.${this.namespace}.svc.cluster.local`;
  }

  containerName(ordinal: number, container: string): string {
    return `${this.opts.prefix}-${this.podName(ordinal)}-${container}`;
  }

  facts(ordinal: number): PodFacts {
    if (!this.uids.has(ordinal)) this.uids.set(ordinal, randomUUID());
    return {
      name: this.podName(ordinal),
      namespace: this.namespace,
      uid: this.uids.get(ordinal)!,
      podIP: this.host(ordinal).ip,
      hostIP: this.net.gateway,
      nodeName: 'e2e-node',
      serviceAccountName: this.spec.serviceAccountName ?? 'default',
      labels: this.sts.spec.template.metadata?.labels ?? {},
      annotations: this.sts.spec.template.metadata?.annotations ?? {},
    };
  }

  /** Host directory of a claim (outlives the pod) or of this pod instance's emptyDir. */
  claimDir(claim: string): string {
    return join(this.opts.runDir, 'claims', claim);
  }

  private podDir(ordinal: number): string {
    return join(this.opts.runDir, 'pods', `${this.podName(ordinal)}-${this.facts(ordinal).uid.slice(0, 8)}`);
  }

  /** Host directory of a volume of the pod as it runs now (made by volumeDirs). */
  volumeDir(ordinal: number, volume: string): string {
    const v = podVolumes(this.sts, this.podName(ordinal)).find((x) => x.name === volume);
    if (!v) throw new Error(`${this.podName(ordinal)} has no volume ${volume}`);
    return v.kind === 'claim' ? this.claimDir(v.claim) : join(this.podDir(ordinal), v.kind, v.name);
  }

  /** Host directory of each volume of the pod, made and owned as the kubelet would. */
  volumeDirs(ordinal: number): Record<string, string> {
    const fsGroup: number | undefined = this.spec.securityContext?.fsGroup;
    const out: Record<string, string> = {};
    for (const v of podVolumes(this.sts, this.podName(ordinal))) {
      const dir = this.volumeDir(ordinal, v.name);
      mkdirSync(dir, { recursive: true });
      if (v.kind === 'files') {
        const token = this.opts.kubernetesApi ? readFileSync(join(this.opts.kubernetesApi.serviceAccountDir, 'token'), 'utf8') : undefined;
        for (const [path, text] of Object.entries(volumeFiles(v.sources, this.facts(ordinal), this.opts.data, [...(this.spec.initContainers ?? []), ...this.spec.containers], token))) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text, { mode: 0o644 });
        }
        if (fsGroup !== undefined) chownSync(dir, 0, fsGroup);
        chmodSync(dir, 0o755);
      } else {
        // emptyDir is world-writable; with an fsGroup both kinds get its group and the setgid bit.
        if (fsGroup !== undefined) chownSync(dir, 0, fsGroup);
        const setgid = fsGroup !== undefined ? 0o2000 : 0;
        chmodSync(dir, (v.kind === 'emptyDir' ? 0o777 : fsGroup !== undefined ? 0o775 : 0o755) | setgid);
      }
      out[v.name] = dir;
    }
    return out;
  }

  private hostArgs(ordinal: number): string[] {
    const args = ['--network', `ns:/run/netns/${this.host(ordinal).netns}`, '--hostname', this.podName(ordinal)];
    for (let i = 0; i < this.replicas; i++) {
      args.push('--add-host', `${this.fqdn(i)}:${this.host(i).ip}`);
    }
    args.push('--add-host', `${this.podName(ordinal)}:${this.host(ordinal).ip}`);
    for (const [name, ips] of Object.entries(this.opts.extraHosts ?? {})) for (const ip of [ips].flat()) args.push('--add-host', `${name}:${ip}`);
    return args;
  }

  private terminationLog(ordinal: number, container: string): string {
    const f = join(this.podDir(ordinal), 'termination', container);
    mkdirSync(join(this.podDir(ordinal), 'termination'), { recursive: true });
    writeFileSync(f, '', { mode: 0o666 });
    chmodSync(f, 0o666);
    return f;
  }

  private runArgs(ordinal: number, container: Json, dirs: Record<string, string>): string[] {
    const r = containerRunArgs({
      spec: this.spec,
      container,
      pod: this.facts(ordinal),
      data: this.opts.data,
      volumeDirs: dirs,
      image: this.opts.mapImage(container.image),
      terminationLog: this.terminationLog(ordinal, container.name),
    });
    return [...this.hostArgs(ordinal), ...this.apiArgs(), ...r.options, r.image, ...r.argv];
  }

  private apiArgs(): string[] {
    const api = this.opts.kubernetesApi;
    if (!api) return [];
    const args = ['--env', `KUBERNETES_SERVICE_HOST=${api.host}`, '--env', `KUBERNETES_SERVICE_PORT=${api.port}`];
    if (this.spec.automountServiceAccountToken !== false) {
      args.push('--volume', `${api.serviceAccountDir}:/var/run/secrets/kubernetes.io/serviceaccount:ro`);
    }
    return args;
  }

  /** Runs the init containers in order, each to completion. Stops at the first failure (and says why). */
  runInit(ordinal: number, dirs = this.volumeDirs(ordinal)): Promise<InitResult[]> {
    return this.runToCompletion(ordinal, this.spec.initContainers ?? [], dirs);
  }

  /** Runs the pod's containers one after the other to completion, as a Job's pod (restartPolicy Never) runs its one container. */
  runJob(ordinal: number, timeoutMs = 600_000): Promise<InitResult[]> {
    return this.runToCompletion(ordinal, this.spec.containers, this.volumeDirs(ordinal), timeoutMs);
  }

  private async runToCompletion(ordinal: number, containers: readonly Json[], dirs: Record<string, string>, timeoutMs = 120_000): Promise<InitResult[]> {
    const results: InitResult[] = [];
    for (const c of containers) {
      const name = this.containerName(ordinal, c.name);
      const args = this.runArgs(ordinal, c, dirs);
      const t0 = Date.now();
      this.containers.add(name);
      const r = await podmanAsync(['run', '--rm', '--name', name, ...args], { timeoutMs });
      this.containers.delete(name);
      const term = readFileSync(join(this.podDir(ordinal), 'termination', c.name), 'utf8');
      results.push({ container: c.name, exitCode: r.status ?? -1, output: r.stdout + r.stderr, terminationMessage: term, ms: Date.now() - t0 });
      if (r.status !== 0) break;
    }
    return results;
  }

  /** Starts a pod: volumes, init containers (which must succeed), then every container, detached. */
  async startPod(ordinal: number): Promise<InitResult[]> {
    const dirs = this.volumeDirs(ordinal);
    const init = await this.runInit(ordinal, dirs);
    const failed = init.find((r) => r.exitCode !== 0);
    if (failed) {
      throw new Error(`${this.podName(ordinal)}: init container ${failed.container} exited ${failed.exitCode}: ${failed.terminationMessage || failed.output.slice(-2000)}`);
    }
    for (const c of this.spec.containers) {
      const name = this.containerName(ordinal, c.name);
      this.containers.add(name);
      podman(['run', '-d', '--name', name, ...this.runArgs(ordinal, c, dirs)]);
    }
    return init;
  }

  /** Deletes a pod: its containers and emptyDirs go, its claims stay. The next start is a new pod (new uid). */
  deletePod(ordinal: number): void {
    const names = [...(this.spec.initContainers ?? []), ...this.spec.containers].map((c: Json) => this.containerName(ordinal, c.name));
    podmanRaw(['rm', '-f', '--ignore', '-t', String(this.spec.terminationGracePeriodSeconds ?? 30), ...names]);
    for (const n of names) this.containers.delete(n);
    rmSync(this.podDir(ordinal), { recursive: true, force: true });
    this.uids.delete(ordinal);
  }

  /** Deletes a pod as the kubelet does, without blocking: SIGTERM to every container, the grace period, then SIGKILL; then deletePod. */
  async stopPod(ordinal: number): Promise<void> {
    const names = this.spec.containers.map((c: Json) => this.containerName(ordinal, c.name));
    await podmanAsync(['stop', '--ignore', '-t', String(this.spec.terminationGracePeriodSeconds ?? 30), ...names], { timeoutMs: 300_000 });
    this.deletePod(ordinal);
  }

  /** SIGKILL one container (a crash). */
  killContainer(ordinal: number, container: string): void {
    podman(['kill', '--signal', 'KILL', this.containerName(ordinal, container)]);
  }

  /** Starts a stopped container again, as the kubelet does under restartPolicy Always. */
  restartContainer(ordinal: number, container: string): void {
    podman(['start', this.containerName(ordinal, container)]);
  }

  running(ordinal: number, container: string): boolean {
    return podmanRaw(['inspect', '--format', '{{.State.Running}}', this.containerName(ordinal, container)]).stdout.trim() === 'true';
  }

  /** Runs a command in a running container (the stand-in images have a shell; ours do not). */
  exec(ordinal: number, container: string, argv: readonly string[]): string {
    return podman(['exec', this.containerName(ordinal, container), ...argv]);
  }

  logs(ordinal: number, container: string): string {
    const r = podmanRaw(['logs', this.containerName(ordinal, container)]);
    return r.stdout + r.stderr;
  }

  probe(container: string): HttpProbe {
    const p = httpProbe(this.spec, container, 'readinessProbe');
    if (!p) throw new Error(`container ${container} has no httpGet readiness probe`);
    return p;
  }

  /** The readiness probe as the kubelet sends it: from the node to the pod IP, with the probe's timeout. */
  readiness(ordinal: number, container: string): Promise<ProbeResult> {
    const p = this.probe(container);
    return httpGet(this.host(ordinal).ip, p.port, p.path, p.timeoutSeconds * 1000);
  }

  /** Every httpGet liveness probe of the pod's containers, sent as the kubelet sends it, by container name. */
  async liveness(ordinal: number): Promise<Record<string, ProbeResult>> {
    const out: Record<string, ProbeResult> = {};
    for (const c of this.spec.containers as Json[]) {
      const p = httpProbe(this.spec, c.name, 'livenessProbe');
      if (p) out[c.name] = await httpGet(this.host(ordinal).ip, p.port, p.path, p.timeoutSeconds * 1000);
    }
    return out;
  }

  /** The same request sent from inside the pod's network namespace: what the sidecar itself says, even when the pod is cut off. */
  readinessInPod(ordinal: number, container: string): ProbeResult {
    const p = this.probe(container);
    const script = `fetch('http://127.0.0.1:${p.port}${p.path}',{signal:AbortSignal.timeout(${p.timeoutSeconds * 1000})}).then(async r=>console.log(JSON.stringify({status:r.status,body:await r.text()})),()=>console.log(JSON.stringify({status:0,body:''})))`;
    const r = spawnSync('ip', ['netns', 'exec', this.host(ordinal).netns, process.execPath, '-e', script], { encoding: 'utf8', timeout: 15_000 });
    try {
      return JSON.parse(r.stdout.trim()) as ProbeResult;
    } catch {
      return { status: 0, body: r.stderr };
    }
  }

  /** Link down between the pod and the rest (the node included). */
  cut(ordinal: number): void {
    this.net.cut(this.host(ordinal));
  }

  heal(ordinal: number): void {
    this.net.heal(this.host(ordinal));
  }

  /** Removes every container this object made, and the network. */
  destroy(): void {
    if (this.containers.size > 0) podmanRaw(['rm', '-f', '--ignore', '-t', '2', ...this.containers]);
    this.containers.clear();
    if (!this.opts.network) this.net.destroy();
  }
}

export function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}
