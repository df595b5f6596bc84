/**
 * One TCP connection to one Kafka broker address, carrying requests with
 * request header v1 and responses with header v0 (the classic framing),
 * matched by correlation id. It talks only to the address it is given: it
 * never follows the cluster's advertised addresses.
 */
import { connect, type Socket } from 'node:net';
import { ProtocolError, Reader, Writer } from './codec.ts';

export const CLIENT_ID = 'sidecar';

/** Kafka's limit on a response we accept; a 10,000-partition metadata response is a few hundred KB. */
const MAX_FRAME = 64 << 20;

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
  private inbox: Buffer = Buffer.alloc(0);

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
    this.inbox = Buffer.alloc(0);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(e);
  }

  private onData(d: Buffer): void {
    this.inbox = this.inbox.length === 0 ? d : Buffer.concat([this.inbox, d]);
    while (this.inbox.length >= 4) {
      const size = this.inbox.readInt32BE(0);
      if (size < 4 || size > MAX_FRAME) return this.fail(new ProtocolError(`bad response size ${size} from ${this.address.host}:${this.address.port}`));
      if (this.inbox.length < 4 + size) return;
      const frame = this.inbox.subarray(4, 4 + size);
      this.inbox = this.inbox.subarray(4 + size);
      const id = frame.readInt32BE(0);
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.resolve(frame.subarray(4));
    }
  }

  /** Sends one request and resolves with the response body (after the correlation id). */
  async request(apiKey: number, apiVersion: number, body: Buffer, signal?: AbortSignal): Promise<Reader> {
    signal?.throwIfAborted();
    const socket = await this.open(signal);
    const id = this.nextId++ & 0x7fffffff;
    const header = new Writer().int16(apiKey).int16(apiVersion).int32(id).string(CLIENT_ID).bytes();
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    const reply = new Promise<Buffer>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
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
    return new Reader(await reply);
  }

  close(): void {
    this.fail(new Error('connection closed'));
  }
}
