/**
 * The cluster of the Kubernetes suite, once for all its files: the user's own when KUBECONFIG is set
 * (kind, minikube, any cluster where the user may create namespaces, ClusterRoles and Nodes), otherwise a
 * control plane of our own (control-plane.ts) on loopback, stopped after the last file. Its logs are
 * kept when it fails to start, and by each test file that fails (cluster.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { keepLogs } from '../support/failure-logs.ts';
import { KUBERNETES_VERSION } from '../support/versions.ts';
import { startControlPlane, type ControlPlane } from './control-plane.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The kubeconfig the tests use. */
    kubeconfig: string;
    /** The directory of our own control plane (its *.log files), or '' for the user's cluster. */
    controlPlaneDir: string;
  }
}

let cp: ControlPlane | undefined;
let dir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const own = process.env.KUBECONFIG;
  if (own) {
    console.log(`kubernetes: the cluster of KUBECONFIG=${own}`);
    project.provide('kubeconfig', own);
    project.provide('controlPlaneDir', '');
    return async () => {};
  }
  dir = mkdtempSync(join(tmpdir(), 'kube-control-plane-'));
  try {
    cp = await startControlPlane(dir);
  } catch (e) {
    keepLogs('control-plane', dir);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  console.log(`kubernetes: control plane ${KUBERNETES_VERSION} at ${cp.server}, ready in ${(cp.startMs / 1000).toFixed(1)} s`);
  project.provide('kubeconfig', cp.kubeconfig);
  project.provide('controlPlaneDir', dir);
  return async () => {
    await cp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
