import { describe, expect, it } from 'vitest';
import { backoffMs, retryableStatus, retryableTransport } from '../../../agents/kafka-init/kube/retry-policy.ts';

describe('Kubernetes API retry policy', () => {
  it.each([
    [404, true],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [410, false],
  ])('HTTP %i retryable: %s', (status, retry) => {
    expect(retryableStatus(status)).toBe(retry);
  });

  it.each([
    ['ETIMEDOUT', true],
    ['ECONNREFUSED', true],
    ['ECONNRESET', true],
    ['EHOSTUNREACH', true],
    ['ENOTFOUND', true],
    ['EABORTED', false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false],
  ])('%s retryable: %s', (code, retry) => {
    expect(retryableTransport(code)).toBe(retry);
  });

  it.each([
    [0, 100, 100],
    [1, 100, 200],
    [3, 100, 800],
    [4, 100, 1000],
    [9, 100, 1000],
  ])('retry %i with base %i waits %i ms', (retry, base, wait) => {
    expect(backoffMs(retry, base)).toBe(wait);
  });
});
