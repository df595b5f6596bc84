import { describe, expect, it } from 'vitest';
import { parseSrvr } from '../../../agents/sidecar/zookeeper/srvr.ts';
import { zookeeperReadiness } from '../../../agents/sidecar/zookeeper/quorum-check.ts';
import { fixture } from '../../support/fixtures.ts';

describe('parseSrvr', () => {
  it.each([
    ['srvr-leader.txt', { mode: 'leader', zxid: '0x100000000', notServing: false, notAllowed: false }],
    ['srvr-follower.txt', { mode: 'follower', zxid: '0x0', notServing: false, notAllowed: false }],
    ['srvr-not-serving.txt', { mode: undefined, zxid: undefined, notServing: true, notAllowed: false }],
  ])('%s', (file, want) => {
    const r = parseSrvr(fixture(`sidecar/${file}`));
    expect({ mode: r.mode, zxid: r.zxid, notServing: r.notServing, notAllowed: r.notAllowed }).toEqual(want);
  });

  it('reads the version line', () => {
    expect(parseSrvr(fixture('sidecar/srvr-leader.txt')).version).toMatch(/^3\.8\./);
  });
});

describe('zookeeperReadiness (srvr -> ready)', () => {
  const srvr = (mode: string) => `Zookeeper version: 3.8.4\nMode: ${mode}\nNode count: 5\n`;
  it.each([
    ['leader', srvr('leader'), true, 'serving as leader'],
    ['follower', srvr('follower'), true, 'serving as follower'],
    ['standalone (1-node ensemble)', srvr('standalone'), true, 'serving as standalone'],
    ['observer', srvr('observer'), true, 'serving as observer'],
    ['read-only', srvr('read-only'), false, 'mode is read-only'],
    ['not serving (no quorum)', fixture('sidecar/srvr-not-serving.txt'), false, 'not serving requests'],
    ['imok alone', 'imok', false, 'no Mode'],
    ['empty reply', '', false, 'no Mode'],
    ['srvr not whitelisted', 'srvr is not executed because it is not in the whitelist.\n', false, '4lw.commands.whitelist'],
  ])('%s', (_name, text, ready, reason) => {
    const out = zookeeperReadiness(parseSrvr(text));
    expect(out.ok).toBe(ready);
    expect(out.reason).toContain(reason);
  });
});
