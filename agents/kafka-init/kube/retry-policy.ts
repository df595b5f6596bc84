/** Which Kubernetes API failures are worth retrying, and how long to wait. Pure. */

/** TLS failures that retrying cannot fix. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

export function retryableStatus(status: number): boolean {
  return status === 404 || status === 408 || status === 429 || status >= 500;
}

export function retryableTransport(code: string): boolean {
  return code !== 'EABORTED' && code !== 'E_TOO_LARGE' && !TLS_CODES.test(code);
}

/** base, 2*base, 4*base, ... capped at 10*base. */
export function backoffMs(retry: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** retry, baseMs * 10);
}
