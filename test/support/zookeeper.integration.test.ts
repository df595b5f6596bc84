// Integration: starts a real 3-node ZooKeeper ensemble (Debian's package) on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEnsemble, type LocalEnsemble } from './zookeeper.ts';
import { fourLetter } from './zookeeper.ts';

describe('startLocalEnsemble (fixture)', () => {
  let dir: string;
  let zk: LocalEnsemble;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zk-fixture-'));
    zk = await startLocalEnsemble(dir, 3);
  });
  afterAll(async () => {
    await zk?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forms a quorum of one leader and two followers, answering four-letter words', async () => {
    const modes = [...(await zk.modes()).values()].sort();
    expect(modes).toEqual(['follower', 'follower', 'leader']);
    expect(await fourLetter('127.0.0.1', zk.nodes[0]!.clientPort, 'ruok')).toBe('imok');
  });

  it('stops exactly its own processes', async () => {
    const pids = zk.nodes.map((n) => n.proc.pid);
    expect(pids.every((p) => typeof p === 'number')).toBe(true);
    await zk.stop();
    for (const n of zk.nodes) expect(n.proc.running()).toBe(false);
  });
});
