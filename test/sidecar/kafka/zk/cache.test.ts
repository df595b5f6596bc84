import type { Watcher, ZkEvent } from 'node-zookeeper-client';
import { describe, expect, it } from 'vitest';
import { createZkCache } from '../../../../agents/sidecar/kafka/zk/cache.ts';
import { partitionsOfBroker } from '../../../../agents/sidecar/kafka/zk/partitions.ts';
import type { ZkSession } from '../../../../agents/sidecar/kafka/zk/session.ts';
import { partitionStateJson, topicAssignmentJson } from '../../../support/kafka-znodes.ts';

/** An in-memory ZooKeeper: data watches fire once on change, as ZooKeeper's do (none on a missing node). */
function fakeSession() {
  const nodes = new Map<string, string>();
  const watches = new Map<string, Watcher>();
  let reads = 0;
  const fire = (path: string) => {
    const w = watches.get(path);
    watches.delete(path);
    w?.({ path, type: 0, name: 'NODE_DATA_CHANGED', getType: () => 0, getPath: () => path } as ZkEvent);
  };
  const session: ZkSession = {
    async getData(path, watcher) {
      reads++;
      const v = nodes.get(path);
      if (v === undefined) return undefined;
      if (watcher) watches.set(path, watcher);
      return { data: Buffer.from(v), stat: { version: 0, ephemeralOwner: Buffer.alloc(8) } };
    },
    async getChildren(path, watcher) {
      reads++;
      if (watcher) watches.set(`children:${path}`, watcher);
      const prefix = `${path}/`;
      return [...nodes.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
    },
    connected: () => true,
    close: () => undefined,
  };
  return {
    session,
    reads: () => reads,
    set(path: string, value: string) {
      const isNew = !nodes.has(path);
      nodes.set(path, value);
      fire(path);
      if (isNew) {
        const parent = path.slice(0, path.lastIndexOf('/'));
        const w = watches.get(`children:${parent}`);
        watches.delete(`children:${parent}`);
        w?.({ path: parent, type: 4, name: 'NODE_CHILDREN_CHANGED', getType: () => 4, getPath: () => parent } as ZkEvent);
      }
    },
  };
}

describe('ZooKeeper read cache', () => {
  it('serves a steady cluster without reads, and re-reads what a watch says changed', async () => {
    const zk = fakeSession();
    const changed: string[] = [];
    const cache = createZkCache(zk.session, (p) => changed.push(p));
    zk.set('/brokers/topics/a', topicAssignmentJson({ 0: [0, 1], 1: [1, 0] }));
    zk.set('/brokers/topics/a/partitions/0/state', partitionStateJson(0, [0, 1]));
    zk.set('/brokers/topics/a/partitions/1/state', partitionStateJson(1, [1, 0]));
    expect((await partitionsOfBroker(cache, 0)).map((p) => p.isr)).toEqual([[0, 1], [1, 0]]);
    const after = zk.reads();
    await partitionsOfBroker(cache, 0);
    expect(zk.reads()).toBe(after);
    zk.set('/brokers/topics/a/partitions/1/state', partitionStateJson(1, [1]));
    expect(changed).toEqual(['/brokers/topics/a/partitions/1/state']);
    expect((await partitionsOfBroker(cache, 0)).map((p) => p.isr)).toEqual([[0, 1], [1]]);
    expect(zk.reads()).toBe(after + 1);
  });

  it('reads a missing znode again next time, since no watch was set on it', async () => {
    const zk = fakeSession();
    const cache = createZkCache(zk.session, () => undefined);
    zk.set('/brokers/topics/new', topicAssignmentJson({ 0: [0] }));
    expect((await partitionsOfBroker(cache, 0))[0]!.isr).toBeUndefined();
    zk.set('/brokers/topics/new/partitions/0/state', partitionStateJson(0, [0]));
    expect((await partitionsOfBroker(cache, 0))[0]!.isr).toEqual([0]);
  });

  it('sees a new topic through the children watch', async () => {
    const zk = fakeSession();
    const cache = createZkCache(zk.session, () => undefined);
    expect(await partitionsOfBroker(cache, 0)).toEqual([]);
    zk.set('/brokers/topics/b', topicAssignmentJson({ 0: [1, 0] }));
    zk.set('/brokers/topics/b/partitions/0/state', partitionStateJson(1, [1]));
    expect(await partitionsOfBroker(cache, 0)).toEqual([{ topic: 'b', partition: 0, replicas: [1, 0], leader: 1, isr: [1] }]);
  });
});
