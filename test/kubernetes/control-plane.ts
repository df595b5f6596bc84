/**
 * A Kubernetes control plane for tests, from the programs test/kubernetes/install.sh built: etcd, then
 * kube-apiserver (Node and RBAC authorization, ServiceAccount tokens signed with a key of its own,
 * PodSecurity admission as every API server has it on), then kube-controller-manager with the
 * controllers the tests lean on (ServiceAccounts, namespace and volume deletion). No node, no scheduler: nothing
 * runs pods. Everything listens on free loopback ports; the data, certificates and one log file per
 * program stay under `dir`. stop() ends exactly the processes started here.
 *
 *   const cp = await startControlPlane(dir);   // cp.kubeconfig: an admin (system:masters) kubeconfig
 *   ...; await cp.stop();
 */
import { request } from 'node:https';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from '../support/ports.ts';
import { kubernetesBin } from '../support/versions.ts';
import { GiveUp, waitFor } from '../support/wait.ts';
import { startProcess, type ZkProcess } from '../support/zookeeper.ts';
import { kubeconfigText, makePki, type Pki } from './pki.ts';

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  readonly port: number;
  readonly caCert: string;
  /** An admin kubeconfig (client certificate in group system:masters). */
  readonly kubeconfig: string;
  readonly dir: string;
  /** Milliseconds from the start of etcd until the API server answered /readyz. */
  readonly startMs: number;
  /** Its CA and certificates, for a node's kubelet and kube-proxy. */
  readonly pki: Pki;
  stop(): Promise<void>;
}

/** The issuer (iss) of the ServiceAccount tokens, as a cluster's default. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The ClusterIP range. Without a node these addresses are handed out and never routed to. */
export const SERVICE_RANGE = '10.96.0.0/16';

/** GET path on the API server without credentials; the status, or undefined when it does not answer. */
function probe(host: string, port: number, ca: Buffer, path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, ca, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function alive(p: ZkProcess, what: string): void {
  if (!p.running()) throw new GiveUp(`${what} exited; see ${p.logFile}`);
}

/** The first address of the Service range: the Service `kubernetes`, through which pods reach the API server. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

export interface ControlPlaneOptions {
  /**
   * For a node (node.ts): the machine's own address, where the API server listens and which the Service
   * `kubernetes` leads to, so that pods reach it; and every controller, and the scheduler, run. Without it,
   * loopback only, and no scheduler.
   */
  readonly nodeAddress?: string;
}

export async function startControlPlane(dir: string, { nodeAddress }: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const started = Date.now();
  mkdirSync(join(dir, 'pki'), { recursive: true });
  const pki = makePki(join(dir, 'pki'), nodeAddress ? [nodeAddress, KUBERNETES_SERVICE_IP] : []);
  const [etcdClient, etcdPeer, apiPort, kcmPort, schedulerPort] = (await freePorts(5)) as [number, number, number, number, number];
  const server = `https://${nodeAddress ?? '127.0.0.1'}:${apiPort}`;
  const procs: ZkProcess[] = [];
  const stop = async () => {
    for (const p of procs.reverse()) await p.stop();
  };
  try {
    const etcd = startProcess([
      kubernetesBin('etcd'),
      '--name=test', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
      // A test cluster's data may be lost with the machine: no fsync.
      '--unsafe-no-fsync', '--log-level=warn',
    ], join(dir, 'etcd.log'));
    procs.push(etcd);

    const apiserver = startProcess([
      kubernetesBin('kube-apiserver'),
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      ...(nodeAddress
        ? [`--bind-address=${nodeAddress}`, `--advertise-address=${nodeAddress}`, '--kubelet-preferred-address-types=InternalIP',
            `--kubelet-client-certificate=${pki.client('kube-apiserver-kubelet-client', ['system:masters']).cert}`,
            `--kubelet-client-key=${pki.client('kube-apiserver-kubelet-client', ['system:masters']).key}`,
            `--kubelet-certificate-authority=${pki.caCert}`]
        // Loopback only; the Service `kubernetes` gets no endpoints (a reconciler refuses a loopback address).
        : ['--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none']),
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.serverCert}`, `--tls-private-key-file=${pki.serverKey}`, `--client-ca-file=${pki.caCert}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.serviceAccountPub}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-cluster-ip-range=${SERVICE_RANGE}`,
      '--enable-admission-plugins=NodeRestriction',
      '--allow-privileged=true', '--profiling=false',
    ], join(dir, 'kube-apiserver.log'));
    procs.push(apiserver);
    const ca = readFileSync(pki.caCert);
    await waitFor(
      `kube-apiserver on port ${apiPort} ready`,
      async () => {
        alive(etcd, 'etcd');
        alive(apiserver, 'kube-apiserver');
        return (await probe(nodeAddress ?? '127.0.0.1', apiPort, ca, '/readyz')) === 200;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    const startMs = Date.now() - started;

    const kubeconfig = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(server, pki.caCert, pki.client('kafka-test-admin', ['system:masters'])), { mode: 0o600 });
    const kcmKubeconfig = join(dir, 'kube-controller-manager.kubeconfig');
    writeFileSync(kcmKubeconfig, kubeconfigText(server, pki.caCert, pki.client('system:kube-controller-manager')), { mode: 0o600 });
    const kcm = startProcess([
      kubernetesBin('kube-controller-manager'),
      `--kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`, `--cert-dir=${join(dir, 'kcm-certs')}`,
      ...(nodeAddress
        // Every controller a cluster runs (StatefulSets, Endpoints, disruption budgets, ...), each with a
        // ServiceAccount token of its own; no certificate signing (the node has its certificates).
        ? ['--controllers=*,-certificatesigningrequest-signing-controller',
            `--service-account-private-key-file=${pki.serviceAccountKey}`, '--use-service-account-credentials=true',
            `--service-cluster-ip-range=${SERVICE_RANGE}`]
        // ServiceAccounts for new namespaces; deleting namespaces; releasing deleted PersistentVolumes.
        : ['--controllers=serviceaccount-controller,namespace-controller,persistentvolume-protection-controller']),
      '--leader-elect=false', `--root-ca-file=${pki.caCert}`,
    ], join(dir, 'kube-controller-manager.log'));
    procs.push(kcm);
    if (nodeAddress) {
      const schedulerKubeconfig = join(dir, 'kube-scheduler.kubeconfig');
      writeFileSync(schedulerKubeconfig, kubeconfigText(server, pki.caCert, pki.client('system:kube-scheduler')), { mode: 0o600 });
      procs.push(startProcess([
        kubernetesBin('kube-scheduler'), `--kubeconfig=${schedulerKubeconfig}`,
        '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`, '--leader-elect=false',
      ], join(dir, 'kube-scheduler.log')));
    }
    return { server, port: apiPort, caCert: pki.caCert, kubeconfig, dir, startMs, pki, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
