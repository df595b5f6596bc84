import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseClusterId } from '../../agents/kafka-init/cluster-id.ts';

describe('KAFKA_CLUSTER_ID', () => {
  it.each(['MkU3OEVBNTcwNTJENDM2Qg', ' 4L6g3nShT-eMCtK--X86sw ', randomBytes(16).toString('base64url')])('%j is a cluster id', (raw) => {
    expect(parseClusterId(raw)).toBe(raw.trim());
  });

  it.each([
    ['too short', 'MkU3OEVBNTcwNTJENDM2Q'],
    ['too long', 'MkU3OEVBNTcwNTJENDM2Qga'],
    ['padded base64', 'MkU3OEVBNTcwNTJENDM2Qg=='],
    ['standard base64 characters', 'MkU3OEVBNTcwNTJENDM2+g'],
    ['trailing bits set (not what Kafka would print)', 'MkU3OEVBNTcwNTJENDM2Qh'],
    ['a UUID with dashes', '5f3c1a52-8f2e-4b7a-9c1d-2e3f4a5b6c7d'],
    ['empty-looking', '                      '],
  ])('refuses %s', (_n, raw) => {
    expect(() => parseClusterId(raw)).toThrow(/must be a KRaft cluster id, 16 bytes in base64url.*random-uuid/);
  });

  it.each(['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAQ'])('refuses the reserved id %s', (raw) => {
    expect(() => parseClusterId(raw)).toThrow(/an id Kafka reserves/);
  });
});
