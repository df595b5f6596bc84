import { describe, expect, it } from 'vitest';
import { planMyid } from '../../agents/zookeeper-init/myid.ts';
import { AgentError } from '../../agents/lib/exit-codes.ts';

const ctx = { file: '/data/myid', podName: 'zoo-0', idOffset: 1 };

describe('planMyid', () => {
  it.each([
    [undefined, 1, 'write'],
    ['1', 1, 'keep'],
    ['1\n', 1, 'keep'],
    [' 3 \n', 3, 'keep'],
  ])('existing %j, want %i -> %s', (existing, want, action) => {
    expect(planMyid(existing, want, ctx).action).toBe(action);
  });

  it.each([
    ['2\n', /holds id 2 but pod zoo-0 is id 1 \(ordinal \+ ZK_ID_OFFSET 1\)/],
    ['garbage', /holds unreadable content "garbage"/],
    ['', /holds unreadable content ""/],
  ])('refuses %j, exit 1, with the fix', (existing, message) => {
    let err: unknown;
    try {
      planMyid(existing, 1, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AgentError);
    expect((err as AgentError).exitCode).toBe(1);
    expect((err as AgentError).message).toMatch(message);
    expect((err as AgentError).message).toMatch(/Restore the previous ZK_ID_OFFSET, or bind this pod's own volume.*Nothing was changed/);
  });
});
