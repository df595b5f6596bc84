/**
 * Getting one object from the Kubernetes API: bounded retries with backoff
 * for what may pass (timeouts, refused connections, 404, 429, 5xx), and one
 * clear error for what will not (401, 403 naming the missing rule, TLS).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentError } from '../../lib/exit-codes.ts';
import type { Logger } from '../../lib/log.ts';
import type { KubeConnection } from './connection.ts';
import { kubeGet, TransportError, type KubeResponse } from './request.ts';
import { describeResource, missingRule, notFoundHint, resourcePath, type KubeResource } from './resource.ts';
import { backoffMs, retryableStatus, retryableTransport } from './retry-policy.ts';
import type { KubeStatus } from './types.ts';

export interface KubeClientOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly signal?: AbortSignal;
  readonly log?: Logger;
}

function statusMessage(res: KubeResponse): string {
  try {
    const s = JSON.parse(res.body) as KubeStatus;
    if (s.message) return s.message;
  } catch {
    // not JSON: fall through
  }
  return res.body.trim().slice(0, 200) || `HTTP ${res.status}`;
}

function failure(res: KubeResponse | TransportError): string {
  return res instanceof TransportError ? `${res.code}: ${res.message}` : `HTTP ${res.status}: ${statusMessage(res)}`;
}

export class KubeClient {
  constructor(
    private readonly conn: KubeConnection,
    private readonly opts: KubeClientOptions,
  ) {}

  async get<T>(resource: KubeResource): Promise<T> {
    const path = resourcePath(resource);
    const what = describeResource(resource);
    let last: KubeResponse | TransportError | undefined;
    let attempts = 0;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) {
        const wait = backoffMs(attempt - 1, this.opts.backoffMs);
        this.opts.log?.warn({ path, attempt, of: this.opts.retries + 1, retryInMs: wait, reason: failure(last!) }, `reading ${what} failed; retrying`);
        await sleep(wait, undefined, this.opts.signal ? { signal: this.opts.signal } : undefined);
      }
      attempts++;
      try {
        last = await kubeGet(this.conn, path, this.opts.timeoutMs, this.opts.signal);
      } catch (e) {
        // Stopped by SIGTERM: not a failure of the API; the agent reports it as terminated.
        if (!(e instanceof TransportError) || e.code === 'EABORTED') throw e;
        last = e;
        if (!retryableTransport(e.code)) break;
        continue;
      }
      if (last.status === 200) return this.decode<T>(last, what);
      this.failFast(last, resource, what);
      if (!retryableStatus(last.status)) break;
    }
    throw this.gaveUp(last!, attempts, resource, what);
  }

  private decode<T>(res: KubeResponse, what: string): T {
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new AgentError('E_KUBE_BAD_ANSWER', `the Kubernetes API answered ${what} with something that is not JSON (${this.conn.server.origin}, from ${this.conn.source})`);
    }
  }

  private failFast(res: KubeResponse, resource: KubeResource, what: string): void {
    if (res.status === 401) {
      throw new AgentError(
        'E_KUBE_UNAUTHORIZED',
        `the Kubernetes API at ${this.conn.server.origin} refused the credentials of ${this.conn.source} (401: ${statusMessage(res)}): check the service account token, or the user in KUBECONFIG`,
      );
    }
    if (res.status === 403) {
      throw new AgentError('E_KUBE_FORBIDDEN', `not allowed to read ${what} (403: ${statusMessage(res)}): ${missingRule(resource)}`);
    }
  }

  private gaveUp(last: KubeResponse | TransportError, attempts: number, resource: KubeResource, what: string): AgentError {
    const tries = `${attempts} attempt(s)`;
    if (last instanceof TransportError) {
      if (!retryableTransport(last.code)) {
        return new AgentError('E_KUBE_TLS', `cannot reach the Kubernetes API at ${this.conn.server.origin} securely (${last.code}: ${last.message}): check the CA of ${this.conn.source}`);
      }
      return new AgentError('E_KUBE_UNREACHABLE', `cannot read ${what} from the Kubernetes API at ${this.conn.server.origin} after ${tries} (${failure(last)}): check the API server and the pod's network; KUBE_API_TIMEOUT and KUBE_API_RETRIES set the limits`);
    }
    if (last.status === 404) {
      return new AgentError('E_KUBE_NOT_FOUND', `${what} not found after ${tries}: ${notFoundHint(resource)}`);
    }
    return new AgentError('E_KUBE_ERROR', `reading ${what} failed after ${tries} (${failure(last)}): check the API server; KUBE_API_RETRIES sets how often to retry`);
  }
}
