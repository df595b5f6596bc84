import { describe, expect, it } from 'vitest';
import { backoffMs, retryableStatus, retryableTransport } from '../../../agents/kafka-init/kube/retry-policy.ts';

describe('Kubernetes API retry policy', () => {
  it.each([404, 408, 429, 500, 503])('HTTP %i is retried', (status) => {
    expect(retryableStatus(status)).toBe(true);
  });
  it.each([400, 401, 403, 410])('HTTP %i is final', (status) => {
    expect(retryableStatus(status)).toBe(false);
  });

  it.each(['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND'])('transport error %s is retried', (code) => {
    expect(retryableTransport(code)).toBe(true);
  });
  it.each(['EABORTED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])('transport error %s is final', (code) => {
    expect(retryableTransport(code)).toBe(false);
  });

  // [retry, base ms, wait ms]: doubling from the base, capped at 1 s
  const waits = [[0, 100, 100], [1, 100, 200], [3, 100, 800], [4, 100, 1000], [9, 100, 1000]];
  it.each(waits)('retry %i with base %i waits %i ms', (retry, base, wait) => {
    expect(backoffMs(retry, base)).toBe(wait);
  });
});
