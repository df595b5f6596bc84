/**
 * Test hosts on one machine: a bridge, and one network namespace per host with
 * a veth into the bridge, on a private /24 chosen per test run. Each host can get
 * its own hostname and /etc/hosts (a private mount namespace), as a pod has.
 * Needs root. Everything created is removed by destroy(), and only that.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TestHost {
  readonly name: string;
  readonly netns: string;
  readonly ip: string;
  /** The host-side veth; setting it down cuts the host off (a network partition). */
  readonly veth: string;
}

export interface TestNetwork {
  readonly bridge: string;
  readonly gateway: string;
  readonly hosts: readonly TestHost[];
  /**
   * Argv prefix that runs a command inside a host's namespaces with its hostname and hosts file.
   * `mounts` bind host directories at the same paths in every host (under a private tmpfs on /mnt),
   * as a pod sees its volumes. Append the command to the returned argv.
   */
  execArgv(host: TestHost, hostsFile: string, argv?: readonly string[], mounts?: ReadonlyArray<readonly [string, string]>): string[];
  /** Adds a host to the running network (the next free address). */
  addHost(name: string): TestHost;
  cut(host: TestHost): void;
  heal(host: TestHost): void;
  destroy(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function canUseNetns(): boolean {
  return process.getuid?.() === 0;
}

/** Creates the network. Host i gets 10.<a>.<b>.(10+i). */
export function createTestNetwork(names: readonly string[]): TestNetwork {
  const tag = randomBytes(3).toString('hex');
  const a = 200 + (parseInt(tag.slice(0, 2), 16) % 50);
  const b = parseInt(tag.slice(2, 4), 16);
  const prefix = `10.${a}.${b}`;
  const bridge = `tbr${tag}`;
  const created: Array<() => void> = [];
  const hosts: TestHost[] = [];
  function addHost(name: string): TestHost {
    const i = hosts.length;
    const netns = `t${tag}-${name}`.slice(0, 30);
    const veth = `tv${tag}${i}`;
    ip('netns', 'add', netns);
    created.push(() => ip('netns', 'del', netns));
    ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    ip('link', 'set', veth, 'master', bridge, 'up');
    const hostIp = `${prefix}.${10 + i}`;
    ip('-n', netns, 'addr', 'add', `${hostIp}/24`, 'dev', 'eth0');
    ip('-n', netns, 'link', 'set', 'eth0', 'up');
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    ip('-n', netns, 'route', 'add', 'default', 'via', `${prefix}.1`);
    const host = { name, netns, ip: hostIp, veth };
    hosts.push(host);
    return host;
  }
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    created.push(() => ip('link', 'del', bridge));
    ip('addr', 'add', `${prefix}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (const name of names) addHost(name);
  } catch (e) {
    for (const undo of created.reverse()) {
      try {
        undo();
      } catch {
        /* already gone */
      }
    }
    throw e;
  }
  return {
    bridge,
    gateway: `${prefix}.1`,
    hosts,
    addHost,
    execArgv(host, hostsFile, argv = [], mounts = []) {
      const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
      const steps = [`mount --bind ${q(hostsFile)} /etc/hosts`, `hostname ${q(host.name)}`];
      if (mounts.length > 0) {
        for (const [, dst] of mounts) {
          if (!dst.startsWith('/mnt/')) throw new Error(`test mount target ${dst} must be under /mnt/`);
        }
        steps.push('mount -t tmpfs tmpfs /mnt');
        for (const [src, dst] of mounts) steps.push(`mkdir -p ${q(dst)}`, `mount --bind ${q(src)} ${q(dst)}`);
      }
      return [
        'ip', 'netns', 'exec', host.netns,
        'unshare', '--uts', '--mount', 'sh', '-c', `${steps.join(' && ')} && exec "$0" "$@"`,
        ...argv,
      ];
    },
    cut(host) {
      ip('link', 'set', host.veth, 'down');
    },
    heal(host) {
      ip('link', 'set', host.veth, 'up');
    },
    destroy() {
      for (const undo of created.reverse()) {
        try {
          undo();
        } catch {
          /* already gone */
        }
      }
      created.length = 0;
    },
  };
}
