/**
 * The JVM readers of rendered files: java.util.Properties (what Kafka's broker uses) and ZooKeeper's
 * own QuorumPeerConfig.parse, from Debian's zookeeper package (test/setup.sh installs it). Each
 * fixture prints "== <file>" and then "key<TAB>value" lines, values escaped to stay on one line.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';

const ZOOKEEPER_CLASSPATH = ['zookeeper.jar', 'zookeeper-jute.jar', 'slf4j-api.jar', 'slf4j-nop.jar'].map((j) => `/usr/share/java/${j}`).join(':');

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-f]{4}|.)/g, (_, c: string) => (c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : ({ n: '\n', t: '\t', r: '\r' }[c] ?? c)));
}

function parseListing(out: string): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  let current: Record<string, string> = {};
  for (const line of out.split('\n')) {
    if (line.startsWith('== ')) result.set(line.slice(3), (current = {}));
    else if (line !== '') {
      const tab = line.indexOf('\t');
      current[unescape(line.slice(0, tab))] = unescape(line.slice(tab + 1));
    }
  }
  return result;
}

function readConfig(mode: 'properties' | 'zoocfg', files: string[]): Map<string, Record<string, string>> {
  return parseListing(execFileSync('java', ['-cp', ZOOKEEPER_CLASSPATH, join(ROOT, 'test/fixtures/java/ReadConfig.java'), mode, ...files], { encoding: 'utf8' }));
}

/** Entries per file as java.util.Properties.load reads them. */
export function javaProperties(files: string[]): Map<string, Record<string, string>> {
  return readConfig('properties', files);
}

/** Per zoo.cfg, what ZooKeeper's QuorumPeerConfig makes of it (or { error }). */
export function zookeeperConfig(files: string[]): Map<string, Record<string, string>> {
  return readConfig('zoocfg', files);
}
