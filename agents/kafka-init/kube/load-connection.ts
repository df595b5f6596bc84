/**
 * Builds the KubeConnection: from KUBECONFIG when set (as kubectl), otherwise
 * from the in-cluster service account. Reads files; errors are ConfigError
 * naming what is missing and how to provide it.
 */
import { join } from 'node:path';
import { ConfigError } from '../../lib/exit-codes.ts';
import { MIB, readSmallFile } from '../../lib/read-file.ts';
import type { Env } from '../../lib/config/index.ts';
import type { KubeConnection } from './connection.ts';
import { selectKubeconfig, type KubeconfigFile, type Material } from './kubeconfig.ts';

/** The file's bytes, or undefined when it does not exist; never blocks (a FIFO or a device is refused). */
async function readOrUndefined(file: string, setting: string): Promise<Buffer | undefined> {
  const text = await readSmallFile({ path: file, setting, maxBytes: MIB, encoding: 'latin1', config: true });
  return text === undefined ? undefined : Buffer.from(text, 'latin1');
}

async function mustRead(file: string, what: string, setting: string, fix?: string): Promise<Buffer> {
  const then = fix === undefined ? '' : `: ${fix}`;
  const b = await readOrUndefined(file, setting).catch((e: Error) => {
    throw new ConfigError(`${what} ${file} cannot be read (${e.message})${then}`, setting);
  });
  if (b === undefined) throw new ConfigError(`${what} ${file} does not exist${then}`, setting);
  return b;
}

async function materialBytes(m: Material | undefined, what: string): Promise<Buffer | undefined> {
  if (m === undefined) return undefined;
  return 'data' in m ? Buffer.from(m.data, 'base64') : mustRead(m.file, `KUBECONFIG: ${what}`, 'KUBECONFIG');
}

export async function fromKubeconfig(kubeconfig: string): Promise<KubeConnection> {
  const files: KubeconfigFile[] = [];
  for (const path of kubeconfig.split(':').filter((p) => p !== '')) {
    const text = await readOrUndefined(path, 'KUBECONFIG');
    if (text !== undefined) files.push({ path, text: text.toString('utf8') });
  }
  if (files.length === 0) throw new ConfigError(`KUBECONFIG ${kubeconfig}: no such file; point KUBECONFIG at a kubeconfig, or unset it to use the in-cluster service account`, 'KUBECONFIG');
  const { parse } = await import('yaml');
  const sel = selectKubeconfig(files, parse);
  let server: URL;
  try {
    server = new URL(sel.server);
  } catch {
    throw new ConfigError(`KUBECONFIG: server ${JSON.stringify(sel.server)} is not a URL like https://host:6443`, 'KUBECONFIG');
  }
  const token =
    sel.token === undefined ? undefined : 'value' in sel.token ? sel.token.value : (await mustRead(sel.token.file, 'KUBECONFIG: tokenFile', 'KUBECONFIG')).toString('utf8').trim();
  const [ca, cert, key] = await Promise.all([
    materialBytes(sel.ca, 'certificate-authority'),
    materialBytes(sel.cert, 'client-certificate'),
    materialBytes(sel.key, 'client-key'),
  ]);
  return {
    server,
    insecureSkipTlsVerify: sel.insecureSkipTlsVerify,
    source: sel.source,
    ...(ca && { ca }),
    ...(cert && { cert }),
    ...(key && { key }),
    ...(token !== undefined && { token }),
  };
}

export async function inCluster(env: Env, serviceAccountDir: string): Promise<KubeConnection> {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  if (!host) {
    throw new ConfigError(
      'KUBERNETES_SERVICE_HOST is not set, so this is not a pod with API access: run in the cluster, or set KUBECONFIG to a kubeconfig file',
      'KUBECONFIG',
    );
  }
  const fix = "the pod needs its service account's token mounted (automountServiceAccountToken must not be false), or set KUBECONFIG";
  const token = (await mustRead(join(serviceAccountDir, 'token'), 'service account token', 'KUBE_SERVICE_ACCOUNT_DIR', fix)).toString('utf8').trim();
  const ca = await mustRead(join(serviceAccountDir, 'ca.crt'), 'service account CA', 'KUBE_SERVICE_ACCOUNT_DIR', fix);
  const h = host.includes(':') ? `[${host}]` : host;
  return { server: new URL(`https://${h}:${port}`), token, ca, insecureSkipTlsVerify: false, source: 'the in-cluster service account' };
}

export function loadConnection(kubeconfig: string | undefined, env: Env, serviceAccountDir: string): Promise<KubeConnection> {
  return kubeconfig !== undefined ? fromKubeconfig(kubeconfig) : inCluster(env, serviceAccountDir);
}
