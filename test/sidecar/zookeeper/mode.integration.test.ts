// Integration: three sidecars (one the bundle in its own process) over a real
// 3-node ZooKeeper ensemble: readiness follows quorum membership.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEnsemble, type LocalEnsemble, type LocalNode } from '../../support/zookeeper.ts';
import { readyz, startSidecarProcess, startTestSidecar, waitForReadyz } from '../../support/sidecar.ts';
import { waitFor } from '../../support/wait.ts';

const FAST = { SIDECAR_MODE: 'zookeeper', SIDECAR_CHECK_INTERVAL: '200ms', SIDECAR_CHECK_TIMEOUT: '500ms' };

describe('zookeeper mode against a real 3-node ensemble', () => {
  let dir: string;
  let zk: LocalEnsemble;
  const stops: Array<() => Promise<void>> = [];
  const urls = new Map<LocalNode, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-zk-'));
    zk = await startLocalEnsemble(dir, 3);
    const [first, ...rest] = zk.nodes;
    const bundled = await startSidecarProcess({ ...FAST, SIDECAR_TARGET: `127.0.0.1:${first!.clientPort}` }, dir, 'sidecar-1');
    stops.push(bundled.stop);
    urls.set(first!, bundled.url);
    for (const node of rest) {
      const s = await startTestSidecar({ ...FAST, SIDECAR_TARGET: `127.0.0.1:${node.clientPort}` });
      stops.push(s.stop);
      urls.set(node, s.url);
    }
  });

  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
    await zk?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (n: LocalNode) => urls.get(n)!;

  it('all three are ready once the ensemble has a quorum', async () => {
    const lines = await Promise.all(zk.nodes.map((n) => waitForReadyz(url(n), 200, `sidecar of zk${n.id}`)));
    expect(lines.filter((l) => l.includes('serving as leader'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('serving as follower'))).toHaveLength(2);
    const metrics = await (await fetch(`${url(zk.nodes[0]!)}/metrics`)).text();
    expect(metrics).toContain('sidecar_check_success{check="srvr"} 1');
    expect(metrics).toMatch(/zookeeper_znode_count \d+/);
  });

  it('the killed leader\'s sidecar goes unready; the others are ready again after the election', async () => {
    const leader = (await zk.leader())!;
    await leader.proc.kill();
    const line = await waitForReadyz(url(leader), 503, 'sidecar of the killed leader');
    expect(line).toMatch(/^not ready: srvr: /);
    const others = zk.nodes.filter((n) => n !== leader);
    // Until a sidecar has seen the election its answer is stale, so wait for one to report the new leader.
    const after = await waitFor('the other two sidecars ready, one reporting the new leader', async () => {
      const rs = await Promise.all(others.map((n) => readyz(url(n))));
      return rs.every((r) => r.status === 200) && rs.some((r) => r.line.includes('serving as leader')) ? rs : undefined;
    });
    expect(after.map((r) => r.line.replace(/;.*/, '')).sort()).toEqual(['ready: serving as follower', 'ready: serving as leader']);
  });

  it('with a second node killed the survivor has no quorum and is unready; restarting both makes all ready', async () => {
    const down = zk.nodes.filter((n) => !n.proc.running());
    const second = (await zk.leader())!;
    await second.proc.kill();
    const survivor = zk.nodes.find((n) => n.proc.running())!;
    const line = await waitForReadyz(url(survivor), 503, 'sidecar of the survivor');
    expect(line).toContain('not serving');
    await waitForReadyz(url(second), 503, 'sidecar of the second killed node');
    for (const n of [...down, second]) n.start();
    await Promise.all(zk.nodes.map((n) => waitForReadyz(url(n), 200, `sidecar of zk${n.id} after the restart`, 60_000)));
  });
});
