// Runs the bundle dist/zookeeper-init.js as a process, as its init container does.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.ts';

let root: string;
let dirs: { data: string; datalog: string; conf: string };

function env(over: Record<string, string> = {}): Record<string, string> {
  return {
    POD_NAME: 'zoo-1',
    POD_NAMESPACE: 'kafka',
    ZK_REPLICAS: '3',
    ZK_DATA_DIR: dirs.data,
    ZK_DATA_LOG_DIR: dirs.datalog,
    ZK_CONF_DIR: dirs.conf,
    ...over,
  };
}

/** Every file under root, relative, so a test can say "nothing was written". */
function tree(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tree(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zk-init-'));
  dirs = { data: join(root, 'data'), datalog: join(root, 'datalog'), conf: join(root, 'conf') };
  for (const d of Object.values(dirs)) mkdirSync(d);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('zookeeper-init bundle', () => {
  it('writes myid, zoo.cfg and logback.xml, and logs the effective config once', async () => {
    const r = await runBundle('zookeeper-init', { env: env() });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dirs.data, 'myid'), 'utf8')).toBe('2\n');
    expect(readFileSync(join(dirs.conf, 'zoo.cfg'), 'utf8')).toContain('server.3=zoo-2.zoo.kafka.svc.cluster.local:2888:3888');
    expect(readFileSync(join(dirs.conf, 'logback.xml'), 'utf8')).toContain('<root level="INFO">');
    expect(r.logs.filter((l) => l.msg === 'effective configuration')).toHaveLength(1);
    expect(r.logs.at(-1)).toMatchObject({ level: 'info', myid: 2, msg: 'initialised' });
    expect(tree().sort()).toEqual(['conf/logback.xml', 'conf/zoo.cfg', 'data/myid']);
  });

  it('is a no-op that succeeds when run again with the same inputs', async () => {
    expect((await runBundle('zookeeper-init', { env: env() })).code).toBe(0);
    const before = tree().map((f) => [f, statSync(join(root, f)).mtimeMs]);
    const r = await runBundle('zookeeper-init', { env: env() });
    expect(r.code).toBe(0);
    expect(r.logs.at(-1)).toMatchObject({ unchanged: true, msg: 'already initialised; nothing changed' });
    expect(tree().map((f) => [f, statSync(join(root, f)).mtimeMs])).toEqual(before);
  });

  it('falls back to HOSTNAME when POD_NAME is not set', async () => {
    const e = env({ HOSTNAME: 'zoo-2' });
    delete e.POD_NAME;
    expect((await runBundle('zookeeper-init', { env: e })).code).toBe(0);
    expect(readFileSync(join(dirs.data, 'myid'), 'utf8')).toBe('3\n');
  });

  it('accepts flags in place of environment variables', async () => {
    const r = await runBundle('zookeeper-init', {
      env: { POD_NAMESPACE: 'kafka', ZK_DATA_DIR: dirs.data, ZK_DATA_LOG_DIR: dirs.datalog, ZK_CONF_DIR: dirs.conf },
      args: ['--pod-name', 'zoo-0', '--zk-replicas=1'],
    });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dirs.conf, 'zoo.cfg'), 'utf8')).toContain('standaloneEnabled=true');
  });

  it('prints --help with every flag and variable, and exits 0', async () => {
    const r = await runBundle('zookeeper-init', { args: ['--help'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--zk-id-offset <int>, $ZK_ID_OFFSET');
    expect(tree()).toEqual([]);
  });

  describe('bad configuration: exit 2, a message naming the setting, nothing written', () => {
    it.each([
      ['pod name without an ordinal', { POD_NAME: 'zoo' }, /POD_NAME "zoo" has no ordinal/],
      ['ordinal >= replicas', { POD_NAME: 'zoo-3' }, /ordinal 3 but ZK_REPLICAS is 3/],
      ['replicas not a number', { ZK_REPLICAS: 'three' }, /--zk-replicas \(\$ZK_REPLICAS\): must be an integer from 1 to 255, got "three"/],
      ['replicas zero', { ZK_REPLICAS: '0' }, /\$ZK_REPLICAS\): must be an integer from 1 to 255, got 0/],
      ['replicas missing', { ZK_REPLICAS: undefined }, /missing setting: set \$ZK_REPLICAS or --zk-replicas/],
      ['namespace missing', { POD_NAMESPACE: undefined }, /missing setting: set \$POD_NAMESPACE/],
      ['port out of range', { ZK_CLIENT_PORT: '65536' }, /\$ZK_CLIENT_PORT\): must be a TCP port from 1 to 65535, got 65536/],
      ['ports colliding', { ZK_ELECTION_PORT: '2888' }, /ZK_QUORUM_PORT and ZK_ELECTION_PORT are both 2888/],
      ['relative data dir', { ZK_DATA_DIR: 'data' }, /\$ZK_DATA_DIR\): must be an absolute path/],
      ['namespace not a DNS label', { POD_NAMESPACE: 'Kafka_NS' }, /\$POD_NAMESPACE\): must be a DNS label/],
      ['template missing', { ZK_CONFIG_TEMPLATE: '/nonexistent/zoo.cfg' }, /ZK_CONFIG_TEMPLATE \/nonexistent\/zoo.cfg does not exist/],
    ])('%s', async (_, over, message) => {
      const e = env(over as Record<string, string>);
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete e[k];
      const r = await runBundle('zookeeper-init', { env: e });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.logs.at(-1)).toMatchObject({ level: 'error', exitCode: 2 });
      expect(tree()).toEqual([]);
    });

    it('a template that sets a key the agent owns', async () => {
      const tmpl = join(root, 'template.cfg');
      writeFileSync(tmpl, 'tickTime=3000\ndataDir=/elsewhere\n');
      const r = await runBundle('zookeeper-init', { env: env({ ZK_CONFIG_TEMPLATE: tmpl }) });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/line 2 sets dataDir, which this agent derives; remove it from the template \(set ZK_DATA_DIR\)/);
      expect(tree()).toEqual(['template.cfg']);
    });
  });

  describe('runtime failures: exit 1, nothing changed', () => {
    it('refuses a data volume whose myid belongs to another member, leaving it unchanged', async () => {
      writeFileSync(join(dirs.data, 'myid'), '3\n');
      const r = await runBundle('zookeeper-init', { env: env() });
      expect(r.code).toBe(1);
      expect(r.logs.at(-1)).toMatchObject({ code: 'E_MYID_MISMATCH', exitCode: 1 });
      expect(String(r.logs.at(-1)!.msg)).toMatch(/holds id 3 but pod zoo-1 is id 2/);
      expect(readFileSync(join(dirs.data, 'myid'), 'utf8')).toBe('3\n');
      expect(tree()).toEqual(['data/myid']);
    });

    it('refuses when ZK_ID_OFFSET changed under an existing volume', async () => {
      expect((await runBundle('zookeeper-init', { env: env() })).code).toBe(0);
      const cfg = readFileSync(join(dirs.conf, 'zoo.cfg'), 'utf8');
      const r = await runBundle('zookeeper-init', { env: env({ ZK_ID_OFFSET: '10' }) });
      expect(r.code).toBe(1);
      expect(String(r.logs.at(-1)!.msg)).toMatch(/holds id 2 but pod zoo-1 is id 11 \(ordinal \+ ZK_ID_OFFSET 10\)/);
      expect(readFileSync(join(dirs.data, 'myid'), 'utf8')).toBe('2\n');
      expect(readFileSync(join(dirs.conf, 'zoo.cfg'), 'utf8')).toBe(cfg);
    });

    it('a data dir that cannot be created', async () => {
      writeFileSync(join(root, 'a-file'), '');
      const r = await runBundle('zookeeper-init', { env: env({ ZK_DATA_DIR: join(root, 'a-file', 'data') }) });
      expect(r.code).toBe(1);
      expect(r.stderr + String(r.logs.at(-1)?.msg)).toMatch(/ZK_DATA_DIR .*a-file\/data: a part of the path is a file, not a directory: point ZK_DATA_DIR at a path whose parents are directories \(ENOTDIR on create\)/);
      expect(existsSync(join(dirs.conf, 'zoo.cfg'))).toBe(false);
    });

    it('a directory the agent user cannot write (no fsGroup)', async () => {
      // Run as nobody, as a non-root container would, against root-owned 0755 directories.
      chmodSync(root, 0o755);
      const r = await runBundle('zookeeper-init', { env: env(), wrap: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
      expect(r.code).toBe(1);
      expect(String(r.logs.at(-1)?.msg)).toMatch(/ZK_CONF_DIR .*\/conf is not writable by uid 65534: give the pod an fsGroup/);
      expect(tree()).toEqual([]);
    });

    it('a read-only volume', async () => {
      // A private mount namespace with a read-only tmpfs over the data dir.
      const r = await runBundle('zookeeper-init', {
        env: env(),
        wrap: ['unshare', '--mount', 'sh', '-c', `mount -t tmpfs -o ro tmpfs '${dirs.data}' && exec "$0" "$@"`],
      });
      expect(r.code).toBe(1);
      expect(String(r.logs.at(-1)?.msg)).toMatch(/ZK_DATA_DIR .*\/data is on a volume mounted read-only: mount it read-write \(no readOnly: true on the volumeMount\)/);
      expect(tree()).toEqual([]);
    });
  });

  it('writes the reason to the termination log when it fails', async () => {
    const termLog = join(root, 'termination-log');
    writeFileSync(termLog, '');
    const r = await runBundle('zookeeper-init', { env: env({ POD_NAME: 'zoo-7', TERMINATION_MESSAGE_PATH: termLog }) });
    expect(r.code).toBe(2);
    expect(readFileSync(termLog, 'utf8')).toMatch(/^pod zoo-7 has ordinal 7 but ZK_REPLICAS is 3.*\n$/);
  });
});
