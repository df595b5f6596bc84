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
import { kubeconfigText, makePki } from './pki.ts';

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
  stop(): Promise<void>;
}

/** The issuer (iss) of the ServiceAccount tokens, as a cluster's default. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** GET path on the API server without credentials; the status, or undefined when it does not answer. */
function probe(port: number, ca: Buffer, path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, ca, timeout: 2_000 }, (res) => {
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

export async function startControlPlane(dir: string): Promise<ControlPlane> {
  const started = Date.now();
  mkdirSync(join(dir, 'pki'), { recursive: true });
  const pki = makePki(join(dir, 'pki'));
  const [etcdClient, etcdPeer, apiPort, kcmPort] = (await freePorts(4)) as [number, number, number, number];
  const server = `https://127.0.0.1:${apiPort}`;
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
      // Loopback only; the Service `kubernetes` gets no endpoints (a reconciler refuses a loopback address).
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none', `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.serverCert}`, `--tls-private-key-file=${pki.serverKey}`, `--client-ca-file=${pki.caCert}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.serviceAccountPub}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      // Addresses the API server hands out, never routed to: no node runs here.
      '--service-cluster-ip-range=10.96.0.0/16',
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
        return (await probe(apiPort, ca, '/readyz')) === 200;
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
      // ServiceAccounts for new namespaces; deleting namespaces; releasing deleted PersistentVolumes.
      '--controllers=serviceaccount-controller,namespace-controller,persistentvolume-protection-controller',
      '--leader-elect=false', `--root-ca-file=${pki.caCert}`,
    ], join(dir, 'kube-controller-manager.log'));
    procs.push(kcm);
    return { server, port: apiPort, caCert: pki.caCert, kubeconfig, dir, startMs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
