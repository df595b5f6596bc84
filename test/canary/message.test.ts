import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../agents/canary/message.ts';

describe('canary messages', () => {
  it('round-trips', () => {
    const m = { run: 'a1b2c3', partition: 2, seq: 41, createdAt: 1_760_000_000_123 };
    expect(encodeMessage(m)).toBe('canary/1 a1b2c3 2 41 1760000000123');
    expect(decodeMessage(Buffer.from(encodeMessage(m)))).toEqual(m);
  });

  it.each([null, '', 'hello', 'canary/2 a 0 1 2', 'canary/1 a 0 1', 'canary/1 a x 1 2', 'canary/1 a 0 -1 2', 'canary/1 a 0 1.5 2'])('%j is not a canary message', (v) => {
    expect(decodeMessage(v)).toBeUndefined();
  });
});
