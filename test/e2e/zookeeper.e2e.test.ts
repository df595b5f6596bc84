// End to end: the ZooKeeper StatefulSet of the rendered manifests, three pods as podman containers on
// this machine (init container, zookeeper, sidecar), through a leader crash, a network cut, a pod
// restart on its volumes and a rolling restart. Steps run in order; each relies on the ensemble the
// previous one left.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zookeeper, { type Client } from 'node-zookeeper-client';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { zkMode } from '../support/zookeeper.ts';
import { closeZk, connectZk, putZnode } from '../support/kafka-znodes.ts';
import { waitFor } from '../support/wait.ts';
import { imageMapper } from './images.ts';
import { configData, findObject, renderedManifests } from './manifests.ts';
import { StatefulSetPods, type InitResult, type ProbeResult } from './pods/runner.ts';

const images = inject('e2eImages');
const prefix = `e2e-zk-${randomBytes(3).toString('hex')}`;
const ZNODE = `/e2e/${prefix}`;
const timings: Record<string, number> = {};

let pods: StatefulSetPods;
let runDir: string;
const firstInit: InitResult[][] = [];
let clientPort = 2181;

const ready = (s: number) => s >= 200 && s < 400;
const ordinals = () => Array.from({ length: pods.replicas }, (_, i) => i);

async function modes(): Promise<Array<string | undefined>> {
  return Promise.all(ordinals().map((i) => zkMode(pods.host(i).ip, clientPort)));
}

async function readiness(): Promise<ProbeResult[]> {
  return Promise.all(ordinals().map((i) => pods.readiness(i, 'zookeeper')));
}

async function leaderOrdinal(): Promise<number> {
  return waitFor('one leader', async () => {
    const i = (await modes()).indexOf('leader');
    return i >= 0 ? i : undefined;
  });
}

/** Waits until exactly the given pods are ready (by the manifest's readiness probe) and the rest are not. */
async function expectReadySet(want: readonly number[], what: string, timeoutMs = 60_000): Promise<ProbeResult[]> {
  return waitFor(
    what,
    async () => {
      const r = await readiness();
      if (r.every((p, i) => ready(p.status) === want.includes(i))) return r;
      const why = r.map((p, i) => `${pods.podName(i)} ${p.status} ${p.body.slice(0, 200)}`);
      throw new Error(`readiness now: ${why.join(' | ')}`);
    },
    { timeoutMs, intervalMs: 250 },
  );
}

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const v = await f();
  timings[name] = Date.now() - t0;
  return v;
}

async function readZnode(connect: string, path: string): Promise<string | undefined> {
  const c: Client = await connectZk(connect, 6000);
  try {
    return await new Promise<string | undefined>((resolve, reject) =>
      c.getData(path, undefined, (e, data) => (e ? ((e as { code?: number }).code === zookeeper.Exception.NO_NODE ? resolve(undefined) : reject(e)) : resolve(data?.toString('utf8')))),
    );
  } finally {
    await closeZk(c);
  }
}

beforeAll(async () => {
  if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
  const objects = renderedManifests();
  const sts = findObject(objects, 'StatefulSet', 'zoo');
  const zk = sts.spec.template.spec.containers.find((c: { name: string }) => c.name === 'zookeeper');
  clientPort = zk?.ports?.find((p: { name: string }) => p.name === 'client')?.containerPort ?? 2181;
  runDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  pods = new StatefulSetPods(sts, { prefix, runDir, mapImage: imageMapper(images), data: configData(objects) });
  // podManagementPolicy: Parallel; the init containers run one pod after the other here (two cores).
  await timed('start 3 pods (init containers, then containers)', async () => {
    for (const i of ordinals()) firstInit.push(await pods.startPod(i));
  });
});

afterAll(() => {
  pods?.destroy();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  console.log(`zookeeper e2e (ms):\n${Object.entries(timings).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
});

describe('ZooKeeper StatefulSet from manifests/, as containers', () => {
  it('init containers write ids 1..3 and one zoo.cfg for all members', () => {
    expect(firstInit.map((r) => r.map((x) => [x.container, x.exitCode]))).toEqual(ordinals().map(() => [['zookeeper-init', 0]]));
    timings['init container, slowest'] = Math.max(...firstInit.flat().map((r) => r.ms));
    const ids = ordinals().map((i) => readFileSync(join(pods.volumeDir(i, 'data'), 'myid'), 'utf8').trim());
    expect(ids).toEqual(['1', '2', '3']);
    // Every member renders the same file; only the header names the pod it was written for.
    const cfgs = ordinals().map((i) => readFileSync(join(pods.volumeDir(i, 'conf'), 'zoo.cfg'), 'utf8'));
    const body = (s: string, i: number) => s.split('\n').filter((l) => !(l.startsWith('#') && l.includes(pods.podName(i)))).join('\n');
    expect(new Set(cfgs.map(body)).size).toBe(1);
    for (let i = 0; i < pods.replicas; i++) {
      expect(cfgs[0]).toContain(`server.${i + 1}=${pods.fqdn(i)}:2888:3888`);
    }
  });

  it('pods are named zoo-N and resolve every member by its headless-Service name', () => {
    for (const i of ordinals()) {
      expect(pods.exec(i, 'zookeeper', ['cat', '/proc/sys/kernel/hostname'])).toBe(pods.podName(i));
      for (const j of ordinals()) {
        expect(pods.exec(i, 'zookeeper', ['getent', 'ahostsv4', pods.fqdn(j)]).split(/\s+/)[0]).toBe(pods.host(j).ip);
      }
    }
  });

  it('forms a quorum: one leader, two followers', async () => {
    const m = await timed('quorum after start', () =>
      waitFor(
        'a quorum',
        async () => {
          const m = await modes();
          return m.filter((x) => x === 'leader').length === 1 && m.filter((x) => x === 'follower').length === 2 ? m : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      ),
    );
    expect([...m].sort()).toEqual(['follower', 'follower', 'leader']);
  });

  it('every pod is ready, by the readiness probe in the manifest', async () => {
    const p = pods.probe('zookeeper');
    expect(p.path).toBe('/readyz');
    await timed('all ready after start', () => expectReadySet(ordinals(), 'all pods ready', 60_000));
    for (const i of ordinals()) {
      const live = await pods.liveness(i);
      expect(Object.keys(live).length, 'httpGet liveness probes in the template').toBeGreaterThan(0);
      for (const [container, r] of Object.entries(live)) expect(r.status, `${pods.podName(i)} ${container} liveness`).toBe(200);
    }
  });
});

/** Writes a znode through the whole ensemble; each case that checks for lost data writes its own. */
async function writeZnode(path: string, text: string): Promise<void> {
  const c = await connectZk(ordinals().map((i) => `${pods.host(i).ip}:${clientPort}`).join(','));
  try {
    await putZnode(c, path, text);
  } finally {
    await closeZk(c);
  }
}

// Each fault starts from a ready ensemble, whatever the case before it left behind.
describe('ZooKeeper StatefulSet from manifests/, under faults', () => {
  beforeEach(async () => {
    await expectReadySet(ordinals(), 'all pods ready before the fault', 120_000);
  });

  it('leader container killed: that pod unready, the others ready under a new leader; restarted, ready again', async () => {
    const old = await leaderOrdinal();
    const rest = ordinals().filter((i) => i !== old);
    const t0 = Date.now();
    pods.killContainer(old, 'zookeeper');
    const m = await waitFor('a new leader among the rest', async () => {
      const m = await modes();
      return m[old] === undefined && rest.some((i) => m[i] === 'leader') && rest.some((i) => m[i] === 'follower') ? m : undefined;
    });
    expect(m.filter((x) => x === 'leader')).toHaveLength(1);
    await expectReadySet(rest, `only ${rest.map((i) => pods.podName(i)).join(', ')} ready`);
    timings['leader killed -> new leader, the others ready'] = Date.now() - t0;
    // The kubelet restarts the container (restartPolicy Always).
    pods.restartContainer(old, 'zookeeper');
    await timed('killed container restarted -> all ready', () => expectReadySet(ordinals(), 'all pods ready again'));
    expect((await modes())[old]).toBe('follower');
  });

  it('network cut of one pod (the leader): that pod unready and says so, the others keep a quorum', async () => {
    const cut = await leaderOrdinal();
    const rest = ordinals().filter((i) => i !== cut);
    const t0 = Date.now();
    pods.cut(cut);
    try {
      const m = await waitFor('a quorum of the other two', async () => {
        const m = await modes();
        return rest.some((i) => m[i] === 'leader') && rest.some((i) => m[i] === 'follower') ? m : undefined;
      }, { timeoutMs: 60_000, intervalMs: 250 });
      expect(rest.map((i) => m[i]).sort()).toEqual(['follower', 'leader']);
      await expectReadySet(rest, `only ${rest.map((i) => pods.podName(i)).join(', ')} ready`);
      timings['leader cut off -> new leader, the others ready'] = Date.now() - t0;
      // The kubelet's probe from the node times out; inside the pod the sidecar says why it is not ready.
      expect((await pods.readiness(cut, 'zookeeper')).status).toBe(0);
      const inside = await waitFor('the cut pod to report itself not ready', () => {
        const r = pods.readinessInPod(cut, 'zookeeper');
        return r.status !== 0 && !ready(r.status) ? r : undefined;
      }, { timeoutMs: 60_000, intervalMs: 500 });
      timings['leader cut off -> it reports not ready'] = Date.now() - t0;
      expect(inside.status).toBe(503);
    } finally {
      pods.heal(cut);
    }
    await timed('healed -> all ready', () => expectReadySet(ordinals(), 'all pods ready after the cut heals'));
  });

  it('pod deleted and started again on its volumes: same id, ready again, the znode still there', async () => {
    const k = 0;
    await writeZnode(`${ZNODE}-restart`, 'written before the restart');
    const id = readFileSync(join(pods.volumeDir(k, 'data'), 'myid'), 'utf8');
    pods.deletePod(k);
    await expectReadySet([1, 2], 'the other two ready while zoo-0 is gone');
    const init = await timed('pod restart -> init done', () => pods.startPod(k));
    expect(init.map((r) => r.exitCode)).toEqual([0]);
    expect(init[0]!.output).not.toContain('/data/myid');
    expect(readFileSync(join(pods.volumeDir(k, 'data'), 'myid'), 'utf8')).toBe(id);
    await timed('pod restart -> all ready', () => expectReadySet(ordinals(), 'all pods ready after the restart'));
    expect(await readZnode(`${pods.host(k).ip}:${clientPort}`, `${ZNODE}-restart`)).toBe('written before the restart');
  });

  it('rolling restart as a StatefulSet does it (zoo-2 first, each pod waits for the previous to be ready): no data lost, outages only elections', async () => {
    // Restarting the leader costs an election (no quorum for about a second); restarting a follower costs nothing.
    await writeZnode(`${ZNODE}-roll`, 'written before the roll');
    let outageStart: number | undefined;
    let longestOutage = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const m = await modes();
        const serving = m.filter((x) => x === 'leader' || x === 'follower').length;
        const now = Date.now();
        if (serving < 2) outageStart ??= now;
        else if (outageStart !== undefined) {
          longestOutage = Math.max(longestOutage, now - outageStart);
          outageStart = undefined;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const t0 = Date.now();
    try {
      for (const k of [...ordinals()].reverse()) {
        pods.deletePod(k);
        await pods.startPod(k);
        await expectReadySet(ordinals(), `${pods.podName(k)} ready again before the next pod is rolled`);
      }
    } finally {
      polling = false;
      await poll;
    }
    timings['rolling restart of 3 pods'] = Date.now() - t0;
    timings['rolling restart, longest time without a quorum'] = longestOutage;
    expect(outageStart, 'a quorum at the end of the roll').toBeUndefined();
    expect(longestOutage).toBeLessThan(10_000);
    const all = ordinals().map((i) => `${pods.host(i).ip}:${clientPort}`).join(',');
    expect(await readZnode(all, `${ZNODE}-roll`)).toBe('written before the roll');
  });
});
