/**
 * The sidecar's own ZooKeeper session (zookeeper.connect from the identity
 * file, chroot included), as promises. A missing znode reads as undefined. An
 * expired session is replaced by a new one, so reads keep working after
 * ZooKeeper outages.
 */
import zookeeper from 'node-zookeeper-client';
import type { Client, Stat, Watcher, ZkException } from 'node-zookeeper-client';
import type { Logger } from '../../../lib/log.ts';
import { droppedBecause, guardZooKeeperPeers } from './peer-guard.ts';

guardZooKeeperPeers();

export interface ZkSession {
  getData(path: string, watcher?: Watcher): Promise<{ data: Buffer; stat: Stat } | undefined>;
  getChildren(path: string, watcher?: Watcher): Promise<string[] | undefined>;
  connected(): boolean;
  close(): void;
}

function isNoNode(e: unknown): boolean {
  return typeof (e as ZkException)?.getCode === 'function' && (e as ZkException).getCode() === zookeeper.Exception.NO_NODE;
}

/** "ZooKeeper read of /brokers/ids/0 failed: CONNECTION_LOSS" */
function readError(path: string, e: unknown): Error {
  const name = typeof (e as ZkException)?.getName === 'function' ? (e as ZkException).getName() : e instanceof Error ? e.message : String(e);
  return new Error(`ZooKeeper read of ${path} failed: ${name}`);
}

/** `onConnected` runs on every (re)connection: watches set before may have been lost. */
export function openZkSession(connectString: string, sessionTimeoutMs: number, log: Logger, onConnected?: () => void): ZkSession {
  let client: Client;
  let closed = false;
  let isConnected = false;

  // node-zookeeper-client waits without a limit for the answer to its connect request once the TCP
  // connection is up: a server that accepts while it starts up and never answers (seen when ZooKeeper
  // restarts) leaves the session disconnected for good. Past the session timeout the session is lost
  // anyway, so a client still not connected by then is replaced by a new one.
  let watchdog: NodeJS.Timeout | undefined;
  const watch = (c: Client) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      if (closed || isConnected || client !== c) return;
      const why = droppedBecause(c);
      const peer = why === undefined ? '' : ` (the address answers something else: ${why})`;
      log.warn({ zookeeper: connectString }, `no ZooKeeper session for ${sessionTimeoutMs} ms${peer}; opening a new one`);
      c.close();
      fresh();
    }, sessionTimeoutMs);
    watchdog.unref();
  };

  function fresh(): void {
    const c = zookeeper.createClient(connectString, { sessionTimeout: sessionTimeoutMs, spinDelay: 500 });
    watch(c);
    // Events of a client given up on (replaced) are ignored.
    c.on('connected', () => {
      if (client !== c) return;
      clearTimeout(watchdog);
      isConnected = true;
      log.info({ zookeeper: connectString }, 'ZooKeeper session connected');
      onConnected?.();
    });
    c.on('disconnected', () => {
      if (client !== c) return;
      isConnected = false;
      if (closed) return;
      log.warn({ zookeeper: connectString }, 'ZooKeeper session disconnected');
      watch(c);
    });
    c.on('expired', () => {
      if (client !== c) return;
      isConnected = false;
      if (closed) return;
      log.warn({ zookeeper: connectString }, 'ZooKeeper session expired; opening a new one');
      c.close();
      fresh();
    });
    c.connect();
    client = c;
  }
  fresh();

  return {
    getData: (path, watcher) =>
      new Promise((resolve, reject) =>
        client.getData(path, watcher, (e, data, stat) => {
          if (e) return isNoNode(e) ? resolve(undefined) : reject(readError(path, e));
          resolve({ data: data ?? Buffer.alloc(0), stat });
        }),
      ),
    getChildren: (path, watcher) =>
      new Promise((resolve, reject) =>
        client.getChildren(path, watcher, (e, children) => {
          if (e) return isNoNode(e) ? resolve(undefined) : reject(readError(path, e));
          resolve(children);
        }),
      ),
    connected: () => isConnected,
    close() {
      closed = true;
      clearTimeout(watchdog);
      client.close();
    },
  };
}
