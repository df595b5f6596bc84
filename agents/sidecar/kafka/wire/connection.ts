/**
 * One TCP connection to one Kafka broker address, carrying requests matched
 * by correlation id: classic versions with request header v1 and response
 * header v0, flexible versions with request header v2 and response header v1
 * (each with a tagged-field section). It talks only to the address it is given: it
 * never follows the cluster's advertised addresses.
 */
import { connect, type Socket } from 'node:net';
import { ProtocolError, Reader, Writer } from './codec.ts';

export const CLIENT_ID = 'sidecar';

/**
 * The largest response accepted. A 10,000-partition cluster's Metadata answer is about 0.5 MB (some
 * 45 bytes a partition), its ListOffsets answer less; 8 MiB leaves room for 15 times that. A frame is
 * held once, in a buffer of its announced size, so one response costs at most this much of the
 * sidecar container's 192Mi limit, beside a heap of about 100 MiB.
 */
export const MAX_FRAME = 8 << 20;

export interface Address {
  readonly host: string;
  readonly port: number;
}

interface Pending {
  resolve(body: Buffer): void;
  reject(e: Error): void;
}

export class KafkaConnection {
  private socket: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  private dialing: Socket | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** The 4-byte size of the next frame, as it arrives. */
  private head = Buffer.alloc(4);
  private headFill = 0;
  /** The frame being received, allocated once at its announced size: each byte is copied once. */
  private frame: Buffer | undefined;
  private frameFill = 0;

  constructor(readonly address: Address) {}

  /** Connects (or reuses the connection); a connect still pending when `signal` aborts is given up. */
  private open(signal?: AbortSignal): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    if (!this.connecting) this.connecting = this.dial();
    const pending = this.connecting;
    if (!signal) return pending;
    return new Promise<Socket>((resolve, reject) => {
      const onAbort = () => {
        if (this.connecting === pending) this.fail(new Error(`connect to ${this.address.host}:${this.address.port} given up`));
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (s) => {
          signal.removeEventListener('abort', onAbort);
          resolve(s);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private dial(): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.address.host, port: this.address.port });
      this.dialing = s;
      s.setNoDelay(true);
      s.once('connect', () => {
        this.socket = s;
        this.dialing = undefined;
        this.connecting = undefined;
        resolve(s);
      });
      s.on('data', (d: Buffer) => this.onData(d));
      s.on('error', (e) => {
        const what = `${this.address.host}:${this.address.port}: ${e.message}`;
        if (this.dialing === s) {
          this.dialing = undefined;
          this.connecting = undefined;
          reject(new Error(`connect to ${what}`));
        }
        if (this.socket === s) this.fail(new Error(what));
      });
      s.on('close', () => {
        // No effect once connected; ends the wait when the dial was given up.
        reject(new Error(`connect to ${this.address.host}:${this.address.port} was given up`));
        if (this.dialing === s) {
          this.dialing = undefined;
          this.connecting = undefined;
        }
        if (this.socket === s) this.fail(new Error(`${this.address.host}:${this.address.port} closed the connection`));
      });
    });
  }

  private fail(e: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.dialing?.destroy();
    this.dialing = undefined;
    this.connecting = undefined;
    this.headFill = 0;
    this.frame = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(e);
  }

  private onData(d: Buffer): void {
    const from = `${this.address.host}:${this.address.port}`;
    let at = 0;
    while (at < d.length) {
      if (this.frame === undefined) {
        const n = d.copy(this.head, this.headFill, at, Math.min(d.length, at + 4 - this.headFill));
        at += n;
        this.headFill += n;
        if (this.headFill < 4) return;
        const size = this.head.readInt32BE(0);
        if (size < 4 || size > MAX_FRAME) return this.fail(new ProtocolError(`bad response size ${size} from ${from} (at most ${MAX_FRAME} bytes): not a Kafka broker, or not its plaintext listener`));
        this.frame = Buffer.allocUnsafe(size);
        this.frameFill = 0;
      }
      const n = d.copy(this.frame, this.frameFill, at, Math.min(d.length, at + this.frame.length - this.frameFill));
      at += n;
      this.frameFill += n;
      if (this.frameFill < this.frame.length) return;
      const frame = this.frame;
      this.frame = undefined;
      this.headFill = 0;
      const id = frame.readInt32BE(0);
      const p = this.pending.get(id);
      // Requests given up close the connection, so an answer nobody waits for is not Kafka's.
      if (p === undefined) return this.fail(new ProtocolError(`response with correlation id ${id} from ${from}, which no request is waiting for`));
      this.pending.delete(id);
      p.resolve(frame.subarray(4));
    }
  }

  /**
   * Sends one request and resolves with the response body (after the response header). `flexible`:
   * the version is a flexible one of its API (ApiVersions excepted: its answer header is always v0).
   */
  async request(apiKey: number, apiVersion: number, body: Buffer, signal?: AbortSignal, flexible = false): Promise<Reader> {
    signal?.throwIfAborted();
    const socket = await this.open(signal);
    const id = this.nextId++ & 0x7fffffff;
    const head = new Writer().int16(apiKey).int16(apiVersion).int32(id).string(CLIENT_ID);
    const header = (flexible ? head.noTaggedFields() : head).bytes();
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    const reply = new Promise<Buffer>((resolve, reject) => {
      // A request given up closes the connection: a slow answer would otherwise hold up every later
      // request on it (a broker answers in order), and a late one could not be told from a wrong one.
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
        this.fail(new Error(`a request to ${this.address.host}:${this.address.port} was given up`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (b) => {
          cleanup();
          resolve(b);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      });
    });
    socket.write(Buffer.concat([size, header, body]));
    const r = new Reader(await reply);
    if (flexible) r.taggedFields();
    return r;
  }

  close(): void {
    this.fail(new Error('connection closed'));
  }
}
