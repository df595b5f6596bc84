// End to end: the agent images built from docker-bake.hcl with podman, run as containers.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { imageSize, podman, podmanRaw } from '../../images/bake/podman.ts';
import { waitFor } from '../support/wait.ts';
import { timeRun } from './cold-start.ts';

const images = inject('e2eImages');
const AGENTS = ['zookeeper-init', 'kafka-init', 'sidecar', 'canary'];
const prefix = `e2e-img-${randomBytes(3).toString('hex')}`;
const made: string[] = [];
const figures: Record<string, string> = {};

function image(agent: string): string {
  if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
  const ref = images.agents[agent];
  if (!ref) throw new Error(`image ${agent} was not built: dist/${agent}.js is missing (npm run build)`);
  return ref;
}

afterAll(() => {
  if (made.length > 0) podmanRaw(['rm', '-f', '-t', '0', ...made]);
  if (Object.keys(figures).length > 0) console.log(`images:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
});

describe.each(AGENTS)('image %s', (agent) => {
  it('is labelled, runs node on the bundle in exec form, as a numeric non-root user', () => {
    const cfg = JSON.parse(podman(['image', 'inspect', '--format', '{{json .Config}}', image(agent)])) as {
      User: string;
      Entrypoint: string[];
      Labels: Record<string, string>;
    };
    expect(cfg.Entrypoint).toEqual(['node', `/app/${agent}.js`]);
    expect(cfg.User).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(cfg.Labels['org.opencontainers.image.title']).toBe(agent);
    expect(cfg.Labels['org.opencontainers.image.version']).toBe('test');
    for (const k of ['source', 'description', 'licenses']) expect(cfg.Labels[`org.opencontainers.image.${k}`], k).toBeTruthy();
  });

  it('adds only its bundle to the Node base', () => {
    const size = imageSize(image(agent));
    const added = size - imageSize(images!.nodeBase);
    figures[`${agent} size`] = `${(size / 1e6).toFixed(1)} MB (bundle layer ${(added / 1e6).toFixed(2)} MB)`;
    expect(added).toBeLessThan(5e6);
  });

  it('--help exits 0 on a read-only root filesystem with no network, as uid 1000', async () => {
    const r = await timeRun(['--rm', '--read-only', '--read-only-tmpfs=false', '--network', 'none', '--cap-drop', 'ALL', image(agent), '--help']);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toContain(agent);
    figures[`${agent} --help`] = `first output ${r.firstLineMs.toFixed(0)} ms, exit ${r.exitMs?.toFixed(0)} ms`;
    const uid = podman(['run', '--rm', '--network', 'none', '--entrypoint', '["node","-p","process.getuid()+\\":\\"+process.getgid()"]', image(agent)]);
    expect(uid).toBe('1000:1000');
  });

  it('needs no shell: the base it runs on has none', () => {
    const r = podmanRaw(['run', '--rm', '--network', 'none', '--entrypoint', '["/bin/sh","-c","true"]', image(agent)]);
    expect(r.status).not.toBe(0);
  });
});

describe('signals', () => {
  it('zookeeper-init runs to completion in a read-only container (first log line and exit timed)', async () => {
    const r = await timeRun([
      '--rm', '--read-only', '--read-only-tmpfs=false', '--network', 'none', '--hostname', 'zoo-1',
      '--tmpfs', '/conf:mode=1777', '--tmpfs', '/data:mode=1777', '--tmpfs', '/datalog:mode=1777',
      '--env', 'POD_NAMESPACE=kafka', '--env', 'ZK_REPLICAS=3', image('zookeeper-init'),
    ]);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toMatch(/"myid":2/);
    figures['zookeeper-init run'] = `first log line ${r.firstLineMs.toFixed(0)} ms, exit ${r.exitMs?.toFixed(0)} ms`;
  });

  it('the sidecar stops promptly on SIGTERM (podman stop) with its shutdown log, without --init', async () => {
    const name = `${prefix}-sidecar-sigterm`;
    made.push(name);
    const t0 = Date.now();
    podman([
      'run', '-d', '--name', name, '--read-only', '--read-only-tmpfs=false', '--network', 'none',
      '--env', 'SIDECAR_MODE=zookeeper', '--env', 'SIDECAR_TARGET=127.0.0.1:2181', image('sidecar'),
    ]);
    const firstLog = await waitFor('the sidecar to log', () => podmanRaw(['logs', name]).stdout.includes('{') && Date.now(), { timeoutMs: 20_000, intervalMs: 20 });
    figures['sidecar start'] = `first log line ${firstLog - t0} ms after podman run -d`;
    const t1 = Date.now();
    podman(['stop', '-t', '10', name]);
    const stopMs = Date.now() - t1;
    figures['sidecar stop'] = `${stopMs} ms`;
    const state = JSON.parse(podman(['inspect', '--format', '{{json .State}}', name])) as { ExitCode: number };
    const logs = podmanRaw(['logs', name]);
    expect(stopMs, 'podman stop waits 10 s and then kills when SIGTERM is ignored').toBeLessThan(5000);
    expect([0, 143]).toContain(state.ExitCode);
    expect(logs.stdout + logs.stderr).toMatch(/SIGTERM/);
  });
});

describe('zookeeper:3.8 stand-in', () => {
  it('behaves as the official image when run without a command: root hands over to uid 1000, zoo.cfg and myid from ZOO_*', async () => {
    if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
    const name = `${prefix}-zookeeper-standin`;
    made.push(name);
    podman(['run', '-d', '--name', name, '--network', 'none', '--env', 'ZOO_MY_ID=7', '--env', 'ZOO_4LW_COMMANDS_WHITELIST=ruok', images.zookeeper]);
    const sh = (cmd: string) => podman(['exec', name, 'bash', '-c', cmd]);
    await waitFor('the stand-in to answer ruok', () => sh('exec 3<>/dev/tcp/127.0.0.1/2181; printf ruok >&3; head -c 4 <&3') === 'imok', {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    expect(sh('cat /data/myid')).toBe('7');
    expect(sh('grep -E "^(dataDir|dataLogDir|4lw.commands.whitelist)=" /conf/zoo.cfg')).toBe('dataDir=/data\ndataLogDir=/datalog\n4lw.commands.whitelist=ruok');
    expect(sh("awk '/^Uid:/{print $2}' /proc/1/status")).toBe('1000');
    expect(sh('stat -c %u:%g /data /datalog /logs /conf')).toBe('1000:1000\n1000:1000\n1000:1000\n1000:1000');
    expect(sh('id zookeeper')).toMatch(/^uid=1000\(zookeeper\) gid=1000\(zookeeper\)/);
  });
});
