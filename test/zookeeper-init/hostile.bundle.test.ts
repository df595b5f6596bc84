// dist/zookeeper-init.js given hostile settings, templates and files: each rendered zoo.cfg is read
// back by ZooKeeper's own QuorumPeerConfig (with the myid written beside it); each refusal exits
// with its code, names the setting and the fix, and leaves every file as it was.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.ts';
import { zookeeperConfig } from '../support/java.ts';

let root: string;

function env(over: Record<string, string> = {}): Record<string, string> {
  return { POD_NAME: 'zoo-1', POD_NAMESPACE: 'kafka', ZK_REPLICAS: '3', ZK_DATA_DIR: join(root, 'data'), ZK_DATA_LOG_DIR: join(root, 'datalog'), ZK_CONF_DIR: join(root, 'conf'), ...over };
}

/** Every path under root with its content (or "<dir>"/"<fifo>"), to assert nothing changed. */
function snapshot(dir = root): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) Object.assign(out, { [p]: '<dir>' }, snapshot(p));
    else out[p] = d.isFile() ? `${readFileSync(p, 'latin1')}@${statSync(p).mtimeMs}` : '<special>';
  }
  return out;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zk-hostile-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('zoo.cfg as ZooKeeper reads it', () => {
  it.each([
    ['plain directories', {}],
    ['a data dir with spaces inside', { ZK_DATA_DIR: '/DATA/my data' }],
    ['a data dir with a backslash', { ZK_DATA_DIR: '/DATA/a\\b' }],
    ['a data dir with \\u written out', { ZK_DATA_DIR: '/DATA/\\u0041' }],
    ['a data dir with = and :', { ZK_DATA_DIR: '/DATA/a=b:c' }],
    ['a data dir with # and !', { ZK_DATA_DIR: '/DATA/#x!y' }],
    ['a non-ASCII data dir', { ZK_DATA_DIR: '/DATA/zöne-€' }],
    ['a data dir with a tab inside', { ZK_DATA_DIR: '/DATA/a\tb' }],
  ])('%s: ZooKeeper sees exactly the directories and the three servers', async (_name, over: Record<string, string>) => {
    const e = env(over);
    e.ZK_DATA_DIR = e.ZK_DATA_DIR!.replace('/DATA', root);
    const r = await runBundle('zookeeper-init', { env: e });
    expect(r.code, r.stderr).toBe(0);
    const cfg = join(root, 'conf', 'zoo.cfg');
    const zk = zookeeperConfig([cfg]).get(cfg)!;
    expect(zk).toEqual({
      dataDir: e.ZK_DATA_DIR,
      dataLogDir: e.ZK_DATA_LOG_DIR,
      clientPort: '2181',
      serverId: '2',
      standalone: 'false',
      'server.1': 'zoo-0.zoo.kafka.svc.cluster.local:2888:3888',
      'server.2': 'zoo-1.zoo.kafka.svc.cluster.local:2888:3888',
      'server.3': 'zoo-2.zoo.kafka.svc.cluster.local:2888:3888',
    });
  });
});

describe('refused before anything is written (exit 2, naming the setting)', () => {
  it.each([
    ['a CR in the data dir', { ZK_DATA_DIR: '/ROOT/d\rserver.99=evil:1:2' }, /ZK_DATA_DIR ".*d\\rserver.99=evil:1:2" has a line break: choose a directory name without it/],
    ['a LF in the data dir', { ZK_DATA_DIR: '/ROOT/d\nserver.99=evil:1:2' }, /ZK_DATA_DIR ".*" has a line break/],
    ['a CR LF in the log dir', { ZK_DATA_LOG_DIR: '/ROOT/d\r\nx=y' }, /ZK_DATA_LOG_DIR ".*" has a line break/],
    ['a trailing space in the data dir', { ZK_DATA_DIR: '/ROOT/d ' }, /ZK_DATA_DIR ".*d " begins or ends with whitespace or a control character, which the server would trim/],
    ['a trailing tab in the log dir', { ZK_DATA_LOG_DIR: '/ROOT/d\t' }, /ZK_DATA_LOG_DIR .* begins or ends with whitespace/],
    ['the template is zoo.cfg itself', { ZK_CONFIG_TEMPLATE: '/ROOT/conf/zoo.cfg' }, /ZK_CONFIG_TEMPLATE .*conf\/zoo.cfg is the same file as zoo.cfg in ZK_CONF_DIR .*: ZK_CONFIG_TEMPLATE and ZK_CONF_DIR must not overlap; point ZK_CONFIG_TEMPLATE at a path of its own/],
    ['the template is logback.xml', { ZK_CONFIG_TEMPLATE: '/ROOT/conf/logback.xml' }, /ZK_CONFIG_TEMPLATE .* is the same file as logback.xml in ZK_CONF_DIR/],
    ['the template is myid', { ZK_CONFIG_TEMPLATE: '/ROOT/data/myid' }, /ZK_CONFIG_TEMPLATE .* is the same file as myid in ZK_DATA_DIR/],
    ['the template is spelled with .. and //', { ZK_CONFIG_TEMPLATE: '/ROOT/data/..//conf/./zoo.cfg' }, /is the same file as zoo.cfg in ZK_CONF_DIR/],
    ['the conf dir is the myid file', { ZK_CONF_DIR: '/ROOT/data/myid' }, /ZK_CONF_DIR .*data\/myid is the same path as myid in ZK_DATA_DIR .*, one a file and the other a directory/],
    ['the log dir is under zoo.cfg', { ZK_DATA_LOG_DIR: '/ROOT/conf/zoo.cfg/log' }, /ZK_DATA_LOG_DIR .* is under zoo.cfg in ZK_CONF_DIR .*, which is a file/],
    ['the template is the data dir', { ZK_CONFIG_TEMPLATE: '/ROOT/data' }, /ZK_CONFIG_TEMPLATE .*data is the same path as ZK_DATA_DIR/],
    ['a template line Java cannot read', { ZK_CONFIG_TEMPLATE: 'TEMPLATE:tickTime=2000\nsyncLimit=\\u00G5\n' }, /ZK_CONFIG_TEMPLATE .* line 2 has a malformed \\uXXXX escape \(\\u00G5\), which Java's Properties.load refuses/],
    ['a template that sets dataDir with a trailing escaped space', { ZK_CONFIG_TEMPLATE: 'TEMPLATE:dataDir\\ =/evil\n' }, /line 1 sets dataDir, which this agent derives/],
    ['a template that sets server.+1', { ZK_CONFIG_TEMPLATE: 'TEMPLATE:server.+1=evil:1:2\n' }, /line 1 sets server\.\+1, which this agent derives/],
    ['a template that sets server.01 over CR', { ZK_CONFIG_TEMPLATE: 'TEMPLATE:tickTime=2000\rserver.01=evil:1:2' }, /line 2 sets server\.01/],
    ['a template that sets a quorum group', { ZK_CONFIG_TEMPLATE: 'TEMPLATE:group.1=1:2:3\n' }, /line 1 sets group\.1, which this agent derives; remove it from the template \(the ensemble is one flat quorum/],
    ['a template that is a directory', { ZK_CONFIG_TEMPLATE: 'DIR:' }, /ZK_CONFIG_TEMPLATE .*template is a directory, not a regular file: point ZK_CONFIG_TEMPLATE at a file/],
    ['a template that is a FIFO', { ZK_CONFIG_TEMPLATE: 'FIFO:' }, /ZK_CONFIG_TEMPLATE .*template is a FIFO \(named pipe\), which could block a reader forever, not a regular file/],
    ['a template of 1 MiB and a byte', { ZK_CONFIG_TEMPLATE: 'HUGE:' }, /ZK_CONFIG_TEMPLATE .*template is 1048577 bytes, more than the 1048576 this agent reads/],
  ])('%s', async (_name, over: Record<string, string>, message) => {
    for (const d of ['data', 'datalog', 'conf']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'conf', 'zoo.cfg'), 'old zoo.cfg\n');
    writeFileSync(join(root, 'data', 'myid'), '2\n');
    const e = env(Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v.replaceAll('/ROOT', root)])));
    const tmpl = e.ZK_CONFIG_TEMPLATE;
    if (tmpl !== undefined && /^[A-Z]+:/.test(tmpl)) {
      const path = join(root, 'template');
      const [kind, text] = [tmpl.slice(0, tmpl.indexOf(':')), tmpl.slice(tmpl.indexOf(':') + 1)];
      if (kind === 'TEMPLATE') writeFileSync(path, text);
      if (kind === 'DIR') mkdirSync(path);
      if (kind === 'FIFO') execFileSync('mkfifo', [path]);
      if (kind === 'HUGE') writeFileSync(path, Buffer.alloc(1024 * 1024 + 1, 0x23));
      e.ZK_CONFIG_TEMPLATE = path;
    }
    const before = snapshot();
    const r = await runBundle('zookeeper-init', { env: e, timeoutMs: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(String(r.logs.at(-1)?.msg)).toMatch(message);
    expect(snapshot()).toEqual(before);
  });
});

describe('files on the volume ZooKeeper would read differently, or that would block (exit 1, nothing changed)', () => {
  it.each([
    ['a myid with spaces', ' 2 \n', /myid holds unreadable content " 2 \\n": ZooKeeper reads its first line \(" 2 "\) as a number and would refuse to start.*write 2 alone on the first line/],
    ['an empty myid', '', /myid holds unreadable content ""/],
    ['a myid of another member over CR', '3\r2\n', /myid holds id 3 but pod zoo-1 is id 2/],
    ['a myid that is a directory', 'DIR', /ZK_DATA_DIR .*myid is a directory, not a regular file: point ZK_DATA_DIR at a file, or remove what is there/],
    ['a myid that is a FIFO', 'FIFO', /ZK_DATA_DIR .*myid is a FIFO \(named pipe\), which could block a reader forever/],
    ['a zoo.cfg that is a directory', 'CFGDIR', /ZK_CONF_DIR .*zoo.cfg is a directory, where this agent writes a file: remove it, or point ZK_CONF_DIR at another path/],
    ['a zoo.cfg that is a FIFO', 'CFGFIFO', /ZK_CONF_DIR .*zoo.cfg is not a regular file, where this agent writes a file/],
  ])('%s', async (_name, myid, message) => {
    for (const d of ['data', 'datalog', 'conf']) mkdirSync(join(root, d));
    const myidPath = join(root, 'data', 'myid');
    if (myid === 'DIR') mkdirSync(myidPath);
    else if (myid === 'FIFO') execFileSync('mkfifo', [myidPath]);
    else if (myid === 'CFGDIR') mkdirSync(join(root, 'conf', 'zoo.cfg'));
    else if (myid === 'CFGFIFO') execFileSync('mkfifo', [join(root, 'conf', 'zoo.cfg')]);
    else writeFileSync(myidPath, myid);
    const before = snapshot();
    const r = await runBundle('zookeeper-init', { env: env(), timeoutMs: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(String(r.logs.at(-1)?.msg)).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it('ZK_DATA_DIR equal to ZK_CONF_DIR is no clash: their files have distinct names', async () => {
    const r = await runBundle('zookeeper-init', { env: env({ ZK_CONF_DIR: join(root, 'data') }) });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(root, 'data')).sort()).toEqual(['logback.xml', 'myid', 'zoo.cfg']);
  });
});
