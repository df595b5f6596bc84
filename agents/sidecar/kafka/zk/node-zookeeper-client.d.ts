/** The part of node-zookeeper-client (which ships no types) that the sidecar and its tests use. */
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    readonly ephemeralOwner: Buffer;
    readonly version: number;
  }
  export interface ZkEvent {
    readonly type: number;
    readonly name: string;
    readonly path: string;
    getType(): number;
    getPath(): string;
  }
  export interface ZkException extends Error {
    readonly code: number;
    getCode(): number;
    getName(): string;
  }
  export interface ZkState {
    readonly name: string;
    readonly code: number;
    getName(): string;
  }
  export type Watcher = (event: ZkEvent) => void;
  export type Cb<T> = (error: ZkException | Error | null, result: T, stat?: Stat) => void;

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getState(): ZkState;
    getSessionId(): Buffer;
    getData(path: string, watcher: Watcher | undefined, callback: (error: ZkException | Error | null, data: Buffer | undefined, stat: Stat) => void): void;
    getChildren(path: string, watcher: Watcher | undefined, callback: (error: ZkException | Error | null, children: string[], stat: Stat) => void): void;
    exists(path: string, watcher: Watcher | undefined, callback: (error: ZkException | Error | null, stat: Stat | null) => void): void;
    create(path: string, data: Buffer | null, mode: number, callback: (error: ZkException | Error | null, path: string) => void): void;
    setData(path: string, data: Buffer | null, version: number, callback: (error: ZkException | Error | null, stat: Stat) => void): void;
    remove(path: string, version: number, callback: (error: ZkException | Error | null) => void): void;
    mkdirp(path: string, data: Buffer | null, mode: number, callback: (error: ZkException | Error | null, path: string) => void): void;
  }

  const zookeeper: {
    createClient: typeof createClient;
    CreateMode: typeof CreateMode;
    Exception: typeof Exception;
    State: typeof State;
    Event: typeof Event;
  };
  export default zookeeper;

  export function createClient(connectionString: string, options?: { sessionTimeout?: number; spinDelay?: number; retries?: number }): Client;

  export const CreateMode: { readonly PERSISTENT: number; readonly EPHEMERAL: number; readonly PERSISTENT_SEQUENTIAL: number; readonly EPHEMERAL_SEQUENTIAL: number };
  export const Exception: { readonly NO_NODE: number; readonly NODE_EXISTS: number; readonly CONNECTION_LOSS: number; readonly SESSION_EXPIRED: number };
  export const State: { readonly SYNC_CONNECTED: ZkState; readonly DISCONNECTED: ZkState; readonly EXPIRED: ZkState; readonly CONNECTED_READ_ONLY: ZkState };
  export const Event: { readonly NODE_CREATED: number; readonly NODE_DELETED: number; readonly NODE_DATA_CHANGED: number; readonly NODE_CHILDREN_CHANGED: number };
}

/** The connection's frame reader, which zk/peer-guard.ts guards. */
declare module 'node-zookeeper-client/lib/ConnectionManager.js' {
  const ConnectionManager: { prototype: object; STATES: Readonly<Record<string, number>> };
  export default ConnectionManager;
}
