import { describe, expect, it } from 'vitest';
import { planMyid, zookeeperMyid } from '../../agents/zookeeper-init/myid.ts';
import { AgentError } from '../../agents/lib/exit-codes.ts';

const ctx = { file: '/data/myid', podName: 'zoo-0', idOffset: 1 };

function refusal(existing: string, want = 1): AgentError {
  try {
    planMyid(existing, want, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(AgentError);
    expect((e as AgentError).exitCode).toBe(1);
    return e as AgentError;
  }
  throw new Error('not refused');
}

describe('myid as ZooKeeper reads it (first line, Long.parseLong)', () => {
  const read: Record<string, bigint> = { '1': 1n, '1\n': 1n, '1\r\n': 1n, '1\r': 1n, '1\nserver.99=evil': 1n, '+3': 3n, '007': 7n };
  it.each(Object.entries(read))('%j -> %s', (text, id) => {
    expect(zookeeperMyid(text)).toBe(id);
  });

  const unreadable = [' 3 \n', '3 ', '\n3', '', '3.0', '0x3', '٣', '9223372036854775808'];
  it.each(unreadable)('%j is no myid', (text) => {
    expect(zookeeperMyid(text)).toBeUndefined();
  });
});

describe('planMyid', () => {
  it.each([
    [undefined, 1, 'write'],
    ['1', 1, 'keep'],
    ['1\n', 1, 'keep'],
    ['3\r\n', 3, 'keep'],
    ['+3\n', 3, 'keep'],
  ])('existing %j, want %i -> %s', (existing, want, action) => {
    expect(planMyid(existing, want, ctx).action).toBe(action);
  });

  it.each([
    ['2\n', /holds id 2 but pod zoo-0 is id 1 \(ordinal \+ ZK_ID_OFFSET 1\)/],
    ['2\r1\n', /holds id 2 but pod zoo-0 is id 1/],
  ])('refuses another member\'s %j, exit 1, with the fix', (existing, message) => {
    const err = refusal(existing);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Restore the previous ZK_ID_OFFSET, or bind this pod's own volume.*Nothing was changed/);
  });

  it.each([
    ['garbage', /holds unreadable content "garbage": ZooKeeper reads its first line \("garbage"\) as a number and would refuse to start/],
    ['', /holds unreadable content ""/],
    [' 1 \n', /first line \(" 1 "\)/],
    ['\n1\n', /first line \(""\)/],
    ['1.0', /first line \("1.0"\)/],
  ])('refuses %j, which ZooKeeper would refuse, with the fix', (existing, message) => {
    const err = refusal(existing);
    expect(err.code).toBe('E_MYID_UNREADABLE');
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/write 1 alone on the first line \(echo 1 > \/data\/myid\).*Nothing was changed/);
  });
});
