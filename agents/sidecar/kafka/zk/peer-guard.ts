/**
 * Keeps a ZooKeeper address that answers something else (a Kafka port, random
 * bytes) from crashing the sidecar or passing for a session. node-zookeeper-client
 * reads whatever size a peer announces and parses it without bounds checks: a
 * short frame throws from a socket handler (an uncaught exception), and a
 * 36-byte frame of anything becomes a "connected" session. This guard, put in
 * front of its frame reader, drops the connection instead when:
 * - a frame announces a size below 0 or above MAX_ZK_FRAME;
 * - the first frame is not a ConnectResponse (protocolVersion 0, timeOut > 0,
 *   sessionId, a 16-byte password, and a read-only flag on 3.4+ servers);
 * - parsing a frame throws.
 * The client then reconnects as after any lost connection, so the sidecar has
 * "no ZooKeeper session" until a real server answers.
 */
// The module the client itself loads (a static import, so the bundle carries it too).
import ConnectionManager from 'node-zookeeper-client/lib/ConnectionManager.js';

/** ZooKeeper's own jute.maxbuffer is 1 MiB for a znode; children lists of large clusters stay below this. */
export const MAX_ZK_FRAME = 4 << 20;

/** Why the bytes at the start of a connection are not a ZooKeeper ConnectResponse; undefined when they are (or more must arrive). */
export function connectResponseProblem(bytes: Buffer): string | undefined {
  if (bytes.length < 4) return undefined;
  const size = bytes.readInt32BE(0);
  if (size !== 36 && size !== 37) return `first frame is ${size} bytes, not a 36- or 37-byte ConnectResponse`;
  if (bytes.length < 4 + size) return undefined;
  if (bytes.readInt32BE(4) !== 0) return `protocol version ${bytes.readInt32BE(4)}, not 0`;
  if (bytes.readInt32BE(8) <= 0) return undefined; // timeOut <= 0: the server says the session expired; the client handles that
  if (bytes.readInt32BE(20) !== 16) return `password of ${bytes.readInt32BE(20)} bytes, not 16`;
  return undefined;
}

/** Why a frame that announces `size` bytes is refused; undefined when it is not. */
export function frameSizeProblem(size: number): string | undefined {
  return size < 0 || size > MAX_ZK_FRAME ? `frame of ${size} bytes (at most ${MAX_ZK_FRAME})` : undefined;
}

interface Manager {
  state: number;
  droppedBecause?: string;
  pendingBuffer: Buffer | null;
  socket?: { destroy(): void };
  onSocketData(b: Buffer): void;
}

let installed = false;

/** Why the guard last dropped this client's connection, if it did. */
export function droppedBecause(client: object): string | undefined {
  return (client as { connectionManager?: Manager }).connectionManager?.droppedBecause;
}

/** Puts the guard in front of node-zookeeper-client's frame reader; once, before any client connects. */
export function guardZooKeeperPeers(): void {
  if (installed) return;
  installed = true;
  const cm = ConnectionManager as unknown as { prototype: Manager; STATES: { CONNECTING: number } };
  const read = cm.prototype.onSocketData;
  cm.prototype.onSocketData = function (this: Manager, chunk: Buffer) {
    const drop = (why: string) => {
      this.pendingBuffer = null;
      this.droppedBecause = why;
      this.socket?.destroy();
    };
    const pending = this.pendingBuffer;
    // The first frame's header and, while connecting, the 41 bytes of a ConnectResponse: a small copy.
    const start = pending === null ? chunk.subarray(0, 41) : Buffer.concat([pending.subarray(0, 41), chunk.subarray(0, 41)]).subarray(0, 41);
    if (start.length >= 4) {
      const why = this.state === cm.STATES.CONNECTING ? connectResponseProblem(start) : frameSizeProblem(start.readInt32BE(0));
      if (why !== undefined) return drop(why);
    }
    try {
      read.call(this, chunk);
    } catch (e) {
      drop(`unreadable frame (${e instanceof Error ? e.message : String(e)})`);
    }
  };
}
