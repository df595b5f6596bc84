// The bundle dist/sidecar.js as its container runs it: --help, bad settings,
// a missing identity file or KRaft node config, a ZooKeeper address that answers garbage, and a clean stop on SIGTERM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.ts';
import { readyz, startSidecarProcess } from '../support/sidecar.ts';
import { freePort } from '../support/ports.ts';
import { sleep } from '../support/wait.ts';
import { writeIdentity } from './kafka/real-cluster.ts';

describe('sidecar bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists every variable beside its flag', async () => {
    const r = await runBundle('sidecar', { args: ['--help'] });
    expect(r.code).toBe(0);
    for (const line of ['--sidecar-mode <zookeeper|kafka>, $SIDECAR_MODE', '--sidecar-port <port>, $SIDECAR_PORT', '--sidecar-isr-max-wait <duration>, $SIDECAR_ISR_MAX_WAIT']) {
      expect(r.stdout).toContain(line);
    }
  });

  it.each([
    [{}, 'missing setting: set $SIDECAR_MODE or --sidecar-mode'],
    [{ SIDECAR_MODE: 'zookeeper', SIDECAR_TARGET: 'nohost' }, 'invalid setting --sidecar-target ($SIDECAR_TARGET): must be host:port'],
  ])('exits 2 on bad settings %j, naming the setting', async (env, message) => {
    const r = await runBundle('sidecar', { env: env as Record<string, string> });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('exits 1 in kafka mode when the identity file is missing, saying how to fix it', async () => {
    const r = await runBundle('sidecar', { env: { SIDECAR_MODE: 'kafka', SIDECAR_PORT: String(await freePort()), SIDECAR_IDENTITY_FILE: join(dir, 'none.json') } });
    expect(r.code).toBe(1);
    const error = r.logs.find((l) => l.level === 'error');
    expect(error?.msg).toContain(`SIDECAR_IDENTITY_FILE ${join(dir, 'none.json')} cannot be read (ENOENT): mount the volume kafka-init writes identity.json to`);
  });

  it.each([
    ['missing', 'none.properties', '', 'cannot be read (ENOENT): mount the volume kafka-init writes server.properties to'],
    ['a ZooKeeper-mode config', 'zk.properties', 'broker.id=0\nzookeeper.connect=zoo:2181\n', 'node.id must be a non-negative integer, got null: is this a KRaft node\'s config?'],
  ])('exits 1 with KRaft metadata when the node config is %s, naming SIDECAR_KAFKA_CONFIG_FILE', async (_what, name, text, message) => {
    const file = join(dir, name);
    if (text !== '') writeFileSync(file, text);
    const r = await runBundle('sidecar', { env: { SIDECAR_MODE: 'kafka', SIDECAR_KAFKA_METADATA_MODE: 'kraft', SIDECAR_PORT: String(await freePort()), SIDECAR_KAFKA_CONFIG_FILE: file } });
    expect(r.code).toBe(1);
    expect(r.logs.find((l) => l.level === 'error')?.msg).toContain(`SIDECAR_KAFKA_CONFIG_FILE ${file}`);
    expect(r.logs.find((l) => l.level === 'error')?.msg).toContain(message);
  });

  it('exits 1 in kafka mode when the identity file is a FIFO, instead of waiting for a writer', async () => {
    const file = join(dir, 'identity.fifo');
    execFileSync('mkfifo', [file]);
    const r = await runBundle('sidecar', { env: { SIDECAR_MODE: 'kafka', SIDECAR_PORT: String(await freePort()), SIDECAR_IDENTITY_FILE: file } });
    expect(r.code).toBe(1);
    expect(r.logs.find((l) => l.level === 'error')?.msg).toMatch(/SIDECAR_IDENTITY_FILE .*identity\.fifo is a FIFO/);
  });

  it('exits 1 when its port is taken, naming SIDECAR_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await runBundle('sidecar', { env: { SIDECAR_MODE: 'zookeeper', SIDECAR_PORT: String(port), SIDECAR_LISTEN_ADDRESS: '127.0.0.1' } });
      expect(r.code).toBe(1);
      expect(r.logs.find((l) => l.level === 'error')?.msg).toBe(
        `cannot serve HTTP on 127.0.0.1:${port} (EADDRINUSE): another process has SIDECAR_PORT ${port}, or SIDECAR_LISTEN_ADDRESS is not an address of this pod; set either to one that is free`,
      );
    } finally {
      taken.close();
    }
  });

  it('keeps running when its ZooKeeper address sends a frame that would crash the ZooKeeper client (a double: a 2-byte frame)', async () => {
    const garbage = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.once('data', () => sock.write(Buffer.from([0, 0, 0, 2, 0xde, 0xad])));
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    const zk = `127.0.0.1:${(garbage.address() as { port: number }).port}`;
    const broker = `127.0.0.1:${await freePort()}`;
    const identity = writeIdentity(join(dir, 'identity-garbage-zk.json'), 0, broker, zk);
    const s = await startSidecarProcess({ SIDECAR_MODE: 'kafka', SIDECAR_TARGET: broker, SIDECAR_IDENTITY_FILE: identity, SIDECAR_CHECK_INTERVAL: '200ms', SIDECAR_ZK_SESSION_TIMEOUT: '2s' }, dir, 'garbage-zk');
    try {
      await sleep(5000);
      expect(s.proc.running()).toBe(true);
      const r = await fetch(`${s.url}/readyz?verbose`);
      const body = (await r.json()) as { checks: Array<{ check: string; reason: string }> };
      expect(body.checks.find((c) => c.check === 'registration')?.reason).toBe(`no ZooKeeper session to ${zk}`);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.stop();
      garbage.close();
    }
    expect(readFileSync(s.proc.logFile, 'utf8')).toContain('the address answers something else: first frame is 2 bytes');
  });

  it('answers /healthz and an unready /readyz with no server beside it, and stops cleanly on SIGTERM', async () => {
    const s = await startSidecarProcess({ SIDECAR_MODE: 'zookeeper', SIDECAR_TARGET: `127.0.0.1:${await freePort()}`, SIDECAR_CHECK_INTERVAL: '100ms' }, dir, 'lonely');
    try {
      const r = await readyz(s.url);
      expect(r.status).toBe(503);
      expect(r.line).toMatch(/^not ready: (srvr: srvr to 127\.0\.0\.1:\d+: connect ECONNREFUSED|no check has finished yet)/);
    } finally {
      await s.stop();
    }
    const log = readFileSync(s.proc.logFile, 'utf8');
    expect(log).toContain('"msg":"effective configuration"');
    expect(log).toContain('"msg":"stopped"');
  });
});
