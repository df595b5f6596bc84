/**
 * Encoding and decoding of the Kafka protocol's types. Classic versions:
 * big-endian integers, int16-length strings, int32-length arrays. Flexible
 * versions (KIP-482) add unsigned varints, compact strings and arrays (length
 * + 1 as a varint, 0 for null) and a tagged-field section after every struct
 * and header. Pure.
 */

/** The largest length a compact field may announce: Kafka's unsigned varints are at most 32 bits. */
const MAX_UVARINT = 0xffffffff;

export class Writer {
  private parts: Buffer[] = [];

  private fixed(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size);
    write(b);
    this.parts.push(b);
    return this;
  }
  int8(v: number): this {
    return this.fixed(1, (b) => b.writeInt8(v));
  }
  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  int16(v: number): this {
    return this.fixed(2, (b) => b.writeInt16BE(v));
  }
  int32(v: number): this {
    return this.fixed(4, (b) => b.writeInt32BE(v));
  }
  int64(v: number | bigint): this {
    return this.fixed(8, (b) => b.writeBigInt64BE(BigInt(v)));
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const s = Buffer.from(v, 'utf8');
    this.int16(s.length);
    this.parts.push(s);
    return this;
  }
  /** An array; null is written as length -1. */
  array<T>(items: readonly T[] | null, each: (w: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const item of items) each(this, item);
    return this;
  }
  /** Unsigned varint: 7 bits a byte, low bits first, the high bit set on every byte but the last. */
  uvarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > MAX_UVARINT) throw new RangeError(`uvarint out of range: ${v}`);
    const out: number[] = [];
    let n = v;
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    out.push(n);
    this.parts.push(Buffer.from(out));
    return this;
  }
  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const s = Buffer.from(v, 'utf8');
    this.uvarint(s.length + 1);
    this.parts.push(s);
    return this;
  }
  /** A compact array; null is written as length 0. */
  compactArray<T>(items: readonly T[] | null, each: (w: this, item: T) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const item of items) each(this, item);
    return this;
  }
  /** The tagged-field section with no fields: the sidecar sends none. */
  noTaggedFields(): this {
    return this.uvarint(0);
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export class ProtocolError extends Error {}

export class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): number {
    if (this.offset + n > this.buf.length) throw new ProtocolError(`response ends early: needed ${n} bytes at ${this.offset} of ${this.buf.length}`);
    const at = this.offset;
    this.offset += n;
    return at;
  }
  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  /** int64 as a number: offsets stay far below 2^53. */
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }
  string(): string {
    return this.nullableString() ?? '';
  }
  array<T>(each: (r: this) => T): T[] {
    return this.repeat(this.int32(), each);
  }
  /** The classic answer shape [topic name, [partition ...]] ..., flattened: one T a partition. */
  topicPartitions<T>(each: (p: this, topic: string) => T): T[] {
    return this.array((t) => {
      const topic = t.string();
      return t.array((p) => each(p, topic));
    }).flat();
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  /** A UUID as Kafka prints it: 16 bytes, base64url without padding. */
  uuid(): string {
    const at = this.need(16);
    return this.buf.subarray(at, at + 16).toString('base64url');
  }
  uvarint(): number {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.buf.readUInt8(this.need(1));
      v += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (v > MAX_UVARINT) break;
        return v;
      }
    }
    throw new ProtocolError(`bad varint before ${this.offset}: longer than 32 bits`);
  }
  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const at = this.need(n - 1);
    return this.buf.toString('utf8', at, at + n - 1);
  }
  compactString(): string {
    return this.compactNullableString() ?? '';
  }
  /** A compact array; null (length 0) reads as empty. */
  compactArray<T>(each: (r: this) => T): T[] {
    const n = this.uvarint();
    return this.repeat(n === 0 ? 0 : n - 1, each);
  }
  /** Skips a tagged-field section: the fields the sidecar reads are all untagged. */
  taggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      this.need(this.uvarint());
    }
  }
  /** Reads one struct of a flexible version: its fields, then its tagged-field section. */
  struct<T>(fields: (r: this) => T): T {
    const v = fields(this);
    this.taggedFields();
    return v;
  }
  private repeat<T>(n: number, each: (r: this) => T): T[] {
    // Each element takes at least one byte: a count beyond what is left is garbage, not a reason to loop.
    if (n > this.buf.length - this.offset) throw new ProtocolError(`array of ${n} elements at ${this.offset} in a response of ${this.buf.length} bytes`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each(this));
    return out;
  }
}
