/**
 * Reading a kubeconfig as kubectl does: several files merged (the first file
 * that names a cluster, user or context wins, and the first current-context
 * wins), then the current context's cluster and user. Paths in a file are
 * relative to that file. Pure: file texts in, a selection out.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../lib/exit-codes.ts';

/** A YAML parser (the yaml package's parse), passed in so the module loads only when a kubeconfig is read. */
export type ParseYaml = (text: string) => unknown;

export interface KubeconfigFile {
  readonly path: string;
  readonly text: string;
}

/** Either inline data (base64) or a file to read. */
export type Material = { readonly data: string } | { readonly file: string };

export interface KubeconfigSelection {
  readonly source: string;
  readonly server: string;
  readonly ca?: Material;
  readonly cert?: Material;
  readonly key?: Material;
  readonly token?: { readonly value: string } | { readonly file: string };
  readonly insecureSkipTlsVerify: boolean;
}

type Obj = Record<string, unknown>;
interface Named {
  readonly body: Obj;
  readonly dir: string;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function fail(message: string): never {
  throw new ConfigError(`KUBECONFIG: ${message}`, 'KUBECONFIG');
}

function parseFile(f: KubeconfigFile, parse: ParseYaml): Obj {
  let doc: unknown;
  try {
    doc = parse(f.text);
  } catch (e) {
    fail(`${f.path} is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObj(doc)) fail(`${f.path} is not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  return doc;
}

function collect(files: readonly { doc: Obj; dir: string }[], list: 'clusters' | 'users' | 'contexts', field: 'cluster' | 'user' | 'context'): Map<string, Named> {
  const out = new Map<string, Named>();
  for (const { doc, dir } of files) {
    const entries = doc[list];
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      const name = isObj(e) ? str(e.name) : undefined;
      if (name !== undefined && !out.has(name) && isObj(e![field])) out.set(name, { body: e![field] as Obj, dir });
    }
  }
  return out;
}

function material(body: Obj, dataKey: string, fileKey: string, dir: string): Material | undefined {
  const data = str(body[dataKey]);
  if (data !== undefined) return { data };
  const file = str(body[fileKey]);
  return file === undefined ? undefined : { file: isAbsolute(file) ? file : resolve(dir, file) };
}

export function selectKubeconfig(files: readonly KubeconfigFile[], parse: ParseYaml): KubeconfigSelection {
  const docs = files.map((f) => ({ doc: parseFile(f, parse), dir: dirname(f.path) }));
  const where = files.map((f) => f.path).join(':');
  const current = docs.map((d) => str(d.doc['current-context'])).find((c) => c !== undefined);
  if (current === undefined) fail(`${where} has no current-context: set one (kubectl config use-context NAME)`);
  const context = collect(docs, 'contexts', 'context').get(current);
  if (!context) fail(`current-context ${JSON.stringify(current)} is not among the contexts in ${where}`);

  const clusterName = str(context.body.cluster);
  const cluster = clusterName === undefined ? undefined : collect(docs, 'clusters', 'cluster').get(clusterName);
  if (!cluster) fail(`context ${JSON.stringify(current)} names cluster ${JSON.stringify(clusterName ?? '')}, which is not in ${where}`);
  const server = str(cluster.body.server);
  if (server === undefined) fail(`cluster ${JSON.stringify(clusterName)} has no server address`);

  const userName = str(context.body.user);
  const user = userName === undefined ? undefined : collect(docs, 'users', 'user').get(userName);
  if (userName !== undefined && !user) fail(`context ${JSON.stringify(current)} names user ${JSON.stringify(userName)}, which is not in ${where}`);
  const u = user?.body ?? {};
  for (const plugin of ['exec', 'auth-provider'] as const) {
    if (u[plugin] !== undefined) {
      fail(`user ${JSON.stringify(userName)} authenticates with ${plugin}, which kafka-init does not run: use a kubeconfig with a token or a client certificate`);
    }
  }
  const tokenValue = str(u.token);
  const tokenFile = str(u.tokenFile);
  const dir = user?.dir ?? '.';
  return {
    source: `kubeconfig ${where} (context ${current})`,
    server,
    ...optional('ca', material(cluster.body, 'certificate-authority-data', 'certificate-authority', cluster.dir)),
    ...optional('cert', material(u, 'client-certificate-data', 'client-certificate', dir)),
    ...optional('key', material(u, 'client-key-data', 'client-key', dir)),
    ...optional('token', tokenValue !== undefined ? { value: tokenValue } : tokenFile !== undefined ? { file: resolve(dir, tokenFile) } : undefined),
    insecureSkipTlsVerify: cluster.body['insecure-skip-tls-verify'] === true,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
