/**
 * Znode reads cached until ZooKeeper says they changed: each read sets a
 * watch, and the watch drops the entry (and tells the owner, which rechecks).
 * Topic assignments and partition states change rarely, so a steady cluster
 * costs no reads per check. The whole cache is dropped when the session
 * reconnects, since watches may have been missed. Missing znodes are not
 * cached: ZooKeeper sets no watch on a read of a znode that does not exist.
 */
import type { ZkEvent } from 'node-zookeeper-client';
import type { ZkSession } from './session.ts';

export interface ZkCache {
  data(path: string): Promise<string | undefined>;
  children(path: string): Promise<string[] | undefined>;
  clear(): void;
  readonly size: number;
}

export function createZkCache(session: ZkSession, onChange: (path: string) => void): ZkCache {
  const data = new Map<string, Promise<string | undefined>>();
  const children = new Map<string, Promise<string[] | undefined>>();
  const dataWatch = (e: ZkEvent) => {
    data.delete(e.path);
    onChange(e.path);
  };
  const childWatch = (e: ZkEvent) => {
    children.delete(e.path);
    onChange(e.path);
  };
  function cached<T>(map: Map<string, Promise<T>>, path: string, read: () => Promise<T>): Promise<T> {
    let p = map.get(path);
    if (p === undefined) {
      const read_ = read();
      p = read_;
      map.set(path, read_);
      // A missing znode sets no data watch, so it is read again next time; so is a failed read.
      read_.then(
        (v) => v === undefined && map.get(path) === read_ && map.delete(path),
        () => map.get(path) === read_ && map.delete(path),
      );
    }
    return p;
  }
  return {
    data: (path) => cached(data, path, async () => (await session.getData(path, dataWatch))?.data.toString('utf8')),
    children: (path) => cached(children, path, () => session.getChildren(path, childWatch)),
    clear() {
      data.clear();
      children.clear();
    },
    get size() {
      return data.size + children.size;
    },
  };
}
