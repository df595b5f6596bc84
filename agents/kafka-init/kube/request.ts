/**
 * One GET to the Kubernetes API with a hard time limit: the request is
 * destroyed when the limit passes or the signal aborts, so it never hangs.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeConnection } from './connection.ts';

export interface KubeResponse {
  readonly status: number;
  readonly body: string;
}

/** A request that got no HTTP answer: timeout, refused, reset, TLS failure... */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const MAX_BODY = 4 * 1024 * 1024;

export function kubeGet(conn: KubeConnection, path: string, timeoutMs: number, signal?: AbortSignal): Promise<KubeResponse> {
  return new Promise((resolve, reject) => {
    const https = conn.server.protocol === 'https:';
    const url = new URL(conn.server.pathname.replace(/\/$/, '') + path, conn.server);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'kafka-init' };
    if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
    const options = {
      method: 'GET',
      headers,
      ...(https && {
        ca: conn.ca,
        cert: conn.cert,
        key: conn.key,
        rejectUnauthorized: !conn.insecureSkipTlsVerify,
      }),
    };
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = (https ? httpsRequest : httpRequest)(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY) req.destroy(new TransportError('E_TOO_LARGE', `the answer is larger than ${MAX_BODY} bytes`));
      });
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, body })));
      res.on('error', (e) => finish(() => reject(toTransportError(e))));
    });
    const timer = setTimeout(() => req.destroy(new TransportError('ETIMEDOUT', `no answer within ${timeoutMs} ms (KUBE_API_TIMEOUT)`)), timeoutMs);
    const onAbort = () => req.destroy(new TransportError('EABORTED', 'stopped on signal'));
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) onAbort();
    req.on('error', (e) => finish(() => reject(toTransportError(e))));
    req.end();
  });
}

function toTransportError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as NodeJS.ErrnoException;
  return new TransportError(err.code ?? 'E_TRANSPORT', err.message);
}
