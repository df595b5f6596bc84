/**
 * A Kubernetes API server double, for what a real API server will not do on demand: answer 500, or
 * 503 without a Status body, answer slowly or not at all, serve objects of a shape it would never
 * store; and, since it records every request, for tests that assert which calls an agent made (or that
 * it made none). Everything a real server does (RBAC's 403, 401, 404, stored Nodes and Services,
 * TokenRequest tokens, TLS) is tested against one: test/kubernetes.
 *
 * It serves GET on the real paths of
 * core/v1 objects (/api/v1/nodes/{name}, /api/v1/namespaces/{ns}/services/{name},
 * /api/v1/namespaces/{ns}/pods/{name}, ...) with the real JSON shapes, checks
 * `Authorization: Bearer <token>` (401 Status otherwise), answers 404 Status
 * for unknown objects, and can be scripted per path: any status, a slow
 * answer, no answer at all, or a sequence that changes over time; DELETE is
 * answered by a handler the test gives (onDelete), 405 otherwise. Every
 * request is recorded. Plain HTTP, or HTTPS with a throwaway self-signed
 * certificate made by openssl (and optionally a client certificate it
 * accepts instead of the token). Listens on 127.0.0.1 unless told another
 * address, e.g. one that containers reach.
 *
 *   const api = await startKubeApiDouble({ https: true });
 *   api.put(node({ name: 'n1', addresses: [['InternalIP', '10.0.0.1']], labels: { 'topology.kubernetes.io/zone': 'a' } }));
 *   api.script(nodePath('n1'), forbidden('nodes', 'n1'));     // the next GET answers 403, then the Node again
 *   const kubeconfig = api.writeKubeconfig(dir);               // or api.writeServiceAccount(dir) for in-cluster env
 *   ... run the agent ...; expect(api.paths()).toEqual([nodePath('n1')]);
 *   await api.close();
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One scripted answer. `hang` never answers; `delayMs` answers late. */
export type Reply = { status: number; body?: unknown; delayMs?: number } | { hang: true };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  /** The common name of a verified client certificate, if one was presented. */
  readonly clientCert?: string;
  /** The status sent, or 'hang'. */
  readonly answered: number | 'hang';
}

export interface KubeApiDoubleOptions {
  readonly https?: boolean;
  readonly token?: string;
  /** HTTPS only: also accept a client certificate (made at start, see clientCert) instead of the token. */
  readonly clientCert?: boolean;
  /** The IPv4 address to listen on (default 127.0.0.1), e.g. a bridge address containers reach; the certificate names it. */
  readonly host?: string;
  /** The port (default: a free one). */
  readonly port?: number;
}

type Obj = Record<string, unknown>;

// ---- object builders (real core/v1 shapes) ----

export function nodePath(name: string): string {
  return `/api/v1/nodes/${name}`;
}

export function servicePath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${namespace}/services/${name}`;
}

export function node(opts: { name: string; addresses?: Array<[type: string, address: string]>; labels?: Record<string, string> }): Obj {
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: opts.name,
      uid: `uid-${opts.name}`,
      resourceVersion: '1000',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { 'kubernetes.io/hostname': opts.name, 'kubernetes.io/os': 'linux', ...opts.labels },
    },
    spec: { podCIDR: '10.244.0.0/24', providerID: `test://${opts.name}` },
    status: {
      addresses: (opts.addresses ?? []).map(([type, address]) => ({ type, address })),
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Debian GNU/Linux 12 (bookworm)' },
    },
  };
}

export interface ServicePortSpec {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export function service(opts: {
  name: string;
  namespace: string;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  ports: ServicePortSpec[];
  ingress?: Array<{ ip?: string; hostname?: string }>;
  selector?: Record<string, string>;
}): Obj {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: opts.name, namespace: opts.namespace, uid: `uid-${opts.name}`, resourceVersion: '2000' },
    spec: {
      type: opts.type ?? 'NodePort',
      clusterIP: '10.96.10.10',
      clusterIPs: ['10.96.10.10'],
      externalTrafficPolicy: 'Local',
      selector: opts.selector ?? {},
      ports: opts.ports.map((p) => ({ protocol: 'TCP', ...p, targetPort: p.targetPort ?? p.port })),
    },
    status: { loadBalancer: opts.ingress ? { ingress: opts.ingress } : {} },
  };
}

/** A Status object as the API server sends with errors. */
export function status(code: number, reason: string, message: string, details?: Obj): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code };
}

export function forbidden(resource: 'nodes' | 'services', name: string, namespace?: string, user = 'system:serviceaccount:kafka:default'): Reply {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return {
    status: 403,
    body: status(403, 'Forbidden', `${resource} "${name}" is forbidden: User "${user}" cannot get resource "${resource}" in API group "" ${scope}`, { name, kind: resource }),
  };
}

export function notFound(resource: string, name: string): Reply {
  return { status: 404, body: status(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }) };
}

export function serverError(message = 'etcdserver: request timed out'): Reply {
  return { status: 500, body: status(500, 'InternalError', `Internal error occurred: ${message}`) };
}

// ---- the server ----

function selfSignedCert(cn = '127.0.0.1', san = 'IP:127.0.0.1,DNS:localhost'): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-api-double-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${cn}`,
        '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The common name of the client certificate, when TLS verified it against the accepted one. */
function verifiedClientName(req: IncomingMessage): string | undefined {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

/** The resource and name a path is about, for a NotFound message. */
function describePath(path: string): { resource: string; name: string } {
  const parts = path.split('/').filter((p) => p !== '');
  return { resource: parts[parts.length - 2] ?? 'objects', name: parts[parts.length - 1] ?? '' };
}

export class KubeApiDouble {
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new Map<string, Obj>();
  private readonly scripts = new Map<string, Reply[]>();
  private readonly fixed = new Map<string, Reply>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private deleteHandler: ((path: string) => Reply) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly token: string,
    /** The CA to trust (the server's own certificate) when serving HTTPS. */
    readonly caPem: string | undefined,
    /** A client certificate and key the server accepts (clientCert: true). */
    readonly clientCert: { key: string; cert: string } | undefined,
  ) {
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(opts: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
    const token = opts.token ?? 'test-token-0123456789';
    const host = opts.host ?? '127.0.0.1';
    const tls = opts.https ? selfSignedCert(host, `IP:${host},IP:127.0.0.1,DNS:localhost`) : undefined;
    const client = tls && opts.clientCert ? selfSignedCert('kafka-init', 'DNS:kafka-init') : undefined;
    let double: KubeApiDouble | undefined;
    const handler = (req: IncomingMessage, res: ServerResponse) => double!.handle(req, res);
    const server = tls
      ? createHttps({ key: tls.key, cert: tls.cert, ...(client && { ca: [client.cert], requestCert: true, rejectUnauthorized: false }) }, handler)
      : createHttp(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, resolve);
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('kube-api-double: no address');
    double = new KubeApiDouble(server, `${tls ? 'https' : 'http'}://${host}:${addr.port}`, token, tls?.cert, client);
    return double;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Stores a Node or Service (by its metadata) so GET on its path returns it. */
  put(obj: Obj): this {
    const meta = obj.metadata as { name: string; namespace?: string };
    const path = obj.kind === 'Node' ? nodePath(meta.name) : servicePath(meta.namespace!, meta.name);
    this.objects.set(path, obj);
    return this;
  }

  /** Stores any object at an explicit path. */
  putAt(path: string, obj: Obj): this {
    this.objects.set(path, obj);
    return this;
  }

  remove(path: string): this {
    this.objects.delete(path);
    return this;
  }

  /** The next GETs on path get these replies, in order; after them, the stored object (or 404). */
  script(path: string, ...replies: Reply[]): this {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...replies]);
    return this;
  }

  /** Every GET on path gets this reply (after any scripted ones). */
  always(path: string, reply: Reply): this {
    this.fixed.set(path, reply);
    return this;
  }

  /** DELETE requests are answered by `handler` (which may change the stored objects); without one, 405. */
  onDelete(handler: (path: string) => Reply): this {
    this.deleteHandler = handler;
    return this;
  }

  /** Paths of recorded requests, in order. */
  paths(): string[] {
    return this.requests.map((r) => r.path);
  }

  clear(): this {
    this.requests.length = 0;
    this.objects.clear();
    this.scripts.clear();
    this.fixed.clear();
    return this;
  }

  /**
   * Writes a kubeconfig for this server and returns its path: token auth, or
   * the client certificate (clientCert: true at start); the CA inline when
   * HTTPS, or as a file beside it with caFile.
   */
  writeKubeconfig(dir: string, opts: { token?: string; file?: string; caFile?: boolean; auth?: 'token' | 'client-cert' } = {}): string {
    const file = join(dir, opts.file ?? 'kubeconfig');
    let ca = '';
    if (this.caPem && opts.caFile) {
      writeFileSync(join(dir, 'api-ca.crt'), this.caPem);
      ca = '    certificate-authority: api-ca.crt\n';
    } else if (this.caPem) {
      ca = `    certificate-authority-data: ${Buffer.from(this.caPem).toString('base64')}\n`;
    }
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: double',
        '  cluster:',
        `    server: ${this.url}`,
        ca.trimEnd(),
        'users:',
        '- name: kafka-init',
        '  user:',
        ...(opts.auth === 'client-cert'
          ? [
              `    client-certificate-data: ${Buffer.from(this.clientCert!.cert).toString('base64')}`,
              `    client-key-data: ${Buffer.from(this.clientCert!.key).toString('base64')}`,
            ]
          : [`    token: ${opts.token ?? this.token}`]),
        'contexts:',
        '- name: double',
        '  context:',
        '    cluster: double',
        '    user: kafka-init',
        '    namespace: kafka',
        'current-context: double',
        '',
      ]
        .filter((l) => l !== '')
        .join('\n') + '\n',
    );
    return file;
  }

  /** Writes a service-account directory (token, ca.crt, namespace) and returns the env an in-cluster pod would have. HTTPS only. */
  writeServiceAccount(dir: string, namespace = 'kafka', token = this.token): { dir: string; env: Record<string, string> } {
    if (!this.caPem) throw new Error('kube-api-double: the in-cluster service account needs https: true');
    writeFileSync(join(dir, 'token'), token);
    writeFileSync(join(dir, 'ca.crt'), this.caPem);
    writeFileSync(join(dir, 'namespace'), namespace);
    return { dir, env: { KUBERNETES_SERVICE_HOST: new URL(this.url).hostname, KUBERNETES_SERVICE_PORT: String(this.port) } };
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const authorization = req.headers.authorization;
    const clientCert = verifiedClientName(req);
    const record = (answered: number | 'hang') =>
      this.requests.push({ method: req.method ?? '', path, authorization, ...(clientCert && { clientCert }), answered });
    if (authorization !== `Bearer ${this.token}` && clientCert === undefined) {
      record(401);
      return this.send(res, { status: 401, body: status(401, 'Unauthorized', 'Unauthorized') });
    }
    if (req.method === 'DELETE' && this.deleteHandler) {
      const reply = this.deleteHandler(path);
      record('hang' in reply ? 'hang' : reply.status);
      return this.send(res, reply);
    }
    if (req.method !== 'GET') {
      record(405);
      return this.send(res, { status: 405, body: status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`) });
    }
    const scripted = this.scripts.get(path)?.shift() ?? this.fixed.get(path);
    let reply: Reply;
    if (scripted) {
      reply = scripted;
    } else if (this.objects.has(path)) {
      reply = { status: 200, body: this.objects.get(path) };
    } else {
      const { resource, name } = describePath(path);
      reply = notFound(resource, name);
    }
    record('hang' in reply ? 'hang' : reply.status);
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    if ('hang' in reply) return;
    const write = () => {
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!reply.delayMs) return write();
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!res.destroyed) write();
    }, reply.delayMs);
    this.timers.add(t);
  }
}

export function startKubeApiDouble(opts: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
  return KubeApiDouble.start(opts);
}
