/**
 * KAFKA_ZOOKEEPER_CONNECT: host:port[,host:port...][/chroot], as Kafka's
 * zookeeper.connect takes it. Checked here so a typo fails the init container
 * with exit 2 instead of a broker that retries ZooKeeper forever.
 */
import { isIP } from 'node:net';
import { InvalidValue } from '../lib/config/setting.ts';
import { isDnsName } from '../lib/dns.ts';

const SERVER = /^(?:\[([^\]]*)\]|([^:\[\]]+)):(\d{1,5})$/;

function checkServer(server: string): void {
  const m = SERVER.exec(server);
  if (!m) throw new InvalidValue(`must list host:port pairs, e.g. zookeeper:2181 or zoo-0.zoo:2181,zoo-1.zoo:2181/kafka; ${JSON.stringify(server)} has no port`);
  const host = (m[1] ?? m[2])!;
  const validHost = m[1] !== undefined ? isIP(host) === 6 : isIP(host) === 4 || isDnsName(host.toLowerCase().replace(/\.$/, ''));
  if (!validHost) throw new InvalidValue(`has an invalid host ${JSON.stringify(host)} in ${JSON.stringify(server)}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new InvalidValue(`has port ${port} in ${JSON.stringify(server)}; ports run from 1 to 65535`);
}

export function parseZookeeperConnect(raw: string): string {
  const s = raw.trim();
  if (s === '') throw new InvalidValue('must not be empty');
  const slash = s.indexOf('/');
  const servers = slash === -1 ? s : s.slice(0, slash);
  const chroot = slash === -1 ? '' : s.slice(slash);
  const list = servers.split(',');
  for (const server of list) checkServer(server.trim());
  if (chroot !== '' && (chroot === '/' || chroot.endsWith('/') || chroot.split('/').slice(1).some((p) => p === '' || p === '.' || p === '..'))) {
    throw new InvalidValue(`has an invalid chroot ${JSON.stringify(chroot)}; use a path like /kafka (no trailing slash)`);
  }
  return list.map((x) => x.trim()).join(',') + chroot;
}
