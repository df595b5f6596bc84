/**
 * The two pod calls of the chaos rounds, GET and DELETE of a named pod, with the pod's own service
 * account (token and CA from the mounted files). A 403 names the rule to grant.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { AgentError } from '../../lib/exit-codes.ts';

export interface PodApiOptions {
  /** https://host:port of the API server (or http:// in tests). */
  readonly server: string;
  readonly namespace: string;
  readonly tokenFile: string;
  readonly caFile: string;
  readonly timeoutMs: number;
}

export interface PodApi {
  /** The pod as JSON, or undefined when it does not exist. */
  get(name: string): Promise<unknown>;
  delete(name: string): Promise<void>;
}

function call(o: PodApiOptions, token: string, ca: Buffer | undefined, method: string, name: string): Promise<{ status: number; body: string }> {
  const url = new URL(`/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(name)}`, o.server);
  const send = url.protocol === 'https:' ? request : plainRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, ca, timeout: o.timeoutMs, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function podApi(o: PodApiOptions): Promise<PodApi> {
  const token = (await readFile(o.tokenFile, 'utf8')).trim();
  const ca = o.server.startsWith('https:') ? await readFile(o.caFile) : undefined;
  const checked = async (method: 'GET' | 'DELETE', name: string) => {
    const res = await call(o, token, ca, method, name);
    if (res.status === 403) {
      const verb = method === 'GET' ? 'get' : 'delete';
      throw new AgentError('E_KUBE_FORBIDDEN', `not allowed to ${verb} pod ${name} in namespace ${o.namespace} (403): grant ${verb} on pods with resourceNames [${name}] (Role canary-chaos in manifests/test)`);
    }
    return res;
  };
  return {
    async get(name) {
      const res = await checked('GET', name);
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw new Error(`GET pod ${name}: HTTP ${res.status}`);
      return JSON.parse(res.body) as unknown;
    },
    async delete(name) {
      const res = await checked('DELETE', name);
      if (res.status !== 200 && res.status !== 202 && res.status !== 404) throw new Error(`DELETE pod ${name}: HTTP ${res.status}`);
    },
  };
}
