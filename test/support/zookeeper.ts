/**
 * Real ZooKeeper servers for tests (Debian's zookeeper package). Starts nodes
 * from zoo.cfg files, and stops exactly the processes it started.
 *
 * startLocalEnsemble writes its own configs on 127.0.0.1 with free ports, for
 * tests that need an ensemble but not the DNS names; startZkNode runs a node
 * from any config, optionally inside a test host's network namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from './ports.ts';
import { fourLetterWord } from '../../agents/sidecar/zookeeper/four-letter.ts';
import { parseSrvr } from '../../agents/sidecar/zookeeper/srvr.ts';
import { waitFor } from './wait.ts';

/** A four-letter word's reply, through the sidecar's own client. */
export function fourLetter(host: string, port: number, word: string, timeoutMs = 2000): Promise<string> {
  return fourLetterWord({ host, port }, word, AbortSignal.timeout(timeoutMs));
}

/** The server's mode from srvr (leader, follower, standalone), or undefined when it does not serve. */
export async function zkMode(host: string, port: number): Promise<string | undefined> {
  try {
    return parseSrvr(await fourLetter(host, port, 'srvr')).mode;
  } catch {
    return undefined;
  }
}

export const ZK_CLASSPATH = ['/usr/share/java/zookeeper.jar', '/usr/share/java/slf4j-simple.jar'].join(':');

export function zookeeperInstalled(): boolean {
  return existsSync('/usr/share/java/zookeeper.jar');
}

export function zkJavaArgv(cfgPath: string): string[] {
  return [
    'java', '-Xms64m', '-Xmx64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto',
    '-Dzookeeper.admin.enableServer=false',
    '-cp', ZK_CLASSPATH, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', cfgPath,
  ];
}

export interface ZkProcess {
  readonly logFile: string;
  readonly pid: number | undefined;
  running(): boolean;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<void>;
}

/** Spawns a process and tracks it; used for ZooKeeper and anything else a test starts. */
export function startProcess(argv: readonly string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ZkProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited = false;
  const done = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
    child.on('error', () => {
      exited = true;
      resolve();
    });
  });
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (exited) return;
    child.kill(sig);
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(t);
  };
  return {
    logFile,
    pid: child.pid,
    running: () => !exited,
    stop: () => signal('SIGTERM', 10_000),
    kill: () => signal('SIGKILL', 5_000),
  };
}

export interface LocalNode {
  readonly id: number;
  readonly clientPort: number;
  readonly cfgPath: string;
  proc: ZkProcess;
  start(): void;
}

export interface LocalEnsemble {
  readonly nodes: readonly LocalNode[];
  readonly connectString: string;
  /** Mode of each node by id (undefined when not serving). */
  modes(): Promise<Map<number, string | undefined>>;
  leader(): Promise<LocalNode | undefined>;
  waitForQuorum(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A 1- or 3-node ensemble on 127.0.0.1 with free ports and its own data dirs under `dir`. */
export async function startLocalEnsemble(dir: string, size: 1 | 3 = 3): Promise<LocalEnsemble> {
  const ports = await freePorts(size * 3);
  const servers = Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    client: ports[i * 3]!,
    quorum: ports[i * 3 + 1]!,
    election: ports[i * 3 + 2]!,
  }));
  const nodes: LocalNode[] = servers.map((s) => {
    const nodeDir = join(dir, `zk${s.id}`);
    mkdirSync(join(nodeDir, 'data'), { recursive: true });
    mkdirSync(join(nodeDir, 'datalog'), { recursive: true });
    writeFileSync(join(nodeDir, 'data', 'myid'), `${s.id}\n`);
    const cfg = [
      'tickTime=500', 'initLimit=10', 'syncLimit=5',
      `dataDir=${join(nodeDir, 'data')}`, `dataLogDir=${join(nodeDir, 'datalog')}`,
      `clientPort=${s.client}`, 'clientPortAddress=127.0.0.1',
      `standaloneEnabled=${size === 1}`, '4lw.commands.whitelist=srvr,mntr,ruok', 'admin.enableServer=false',
      // tickTime 500 would cap sessions at 10 s (20 ticks), whatever a broker asks for.
      'maxSessionTimeout=60000',
      ...servers.map((o) => `server.${o.id}=127.0.0.1:${o.quorum}:${o.election}`),
    ].join('\n');
    const cfgPath = join(nodeDir, 'zoo.cfg');
    writeFileSync(cfgPath, cfg + '\n');
    const node: LocalNode = {
      id: s.id,
      clientPort: s.client,
      cfgPath,
      proc: undefined as unknown as ZkProcess,
      start() {
        node.proc = startProcess(zkJavaArgv(cfgPath), join(nodeDir, 'zk.log'));
      },
    };
    node.start();
    return node;
  });
  const modes = async () => {
    const out = new Map<number, string | undefined>();
    await Promise.all(nodes.map(async (n) => out.set(n.id, await zkMode('127.0.0.1', n.clientPort))));
    return out;
  };
  const ensemble: LocalEnsemble = {
    nodes,
    connectString: nodes.map((n) => `127.0.0.1:${n.clientPort}`).join(','),
    modes,
    async leader() {
      const m = await modes();
      return nodes.find((n) => m.get(n.id) === 'leader' || m.get(n.id) === 'standalone');
    },
    async waitForQuorum(timeoutMs = 60_000) {
      await waitFor(
        'a ZooKeeper quorum',
        async () => {
          const m = [...(await modes()).values()];
          if (size === 1) return m[0] === 'standalone';
          return m.filter((x) => x === 'leader').length === 1 && m.filter((x) => x === 'follower').length === size - 1;
        },
        { timeoutMs, intervalMs: 200 },
      );
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.proc.stop()));
    },
  };
  await ensemble.waitForQuorum();
  return ensemble;
}
