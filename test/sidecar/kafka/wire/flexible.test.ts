// The flexible-version encoding (KIP-482) as bytes: unsigned varints, compact strings and arrays,
// tagged-field sections, and the two flexible requests the sidecar sends (DescribeCluster v2,
// DescribeQuorum v2) and their answers, with tagged fields the reader must skip.
import { describe, expect, it } from 'vitest';
import { ProtocolError, Reader, Writer } from '../../../../agents/sidecar/kafka/wire/codec.ts';
import { decodeDescribeCluster, encodeDescribeCluster, ENDPOINT_BROKERS, ENDPOINT_CONTROLLERS } from '../../../../agents/sidecar/kafka/wire/describe-cluster.ts';
import { decodeDescribeQuorum, encodeDescribeQuorum } from '../../../../agents/sidecar/kafka/wire/describe-quorum.ts';

const hex = (b: Buffer) => b.toString('hex');
const bytes = (...parts: Array<number | string | Buffer>) => Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

describe('flexible-version encoding', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [2 ** 31, '8080808008'],
    [2 ** 32 - 1, 'ffffffff0f'],
  ])('unsigned varint %i is %s', (n, want) => {
    expect(hex(new Writer().uvarint(n).bytes())).toBe(want);
    expect(new Reader(Buffer.from(want, 'hex')).uvarint()).toBe(n);
  });

  it.each([
    ['6 bytes', 'ffffffffff01'],
    ['more than 32 bits in 5 bytes', 'ffffffff1f'],
  ])('a varint of %s is refused', (_what, raw) => {
    expect(() => new Reader(Buffer.from(raw, 'hex')).uvarint()).toThrow(ProtocolError);
  });

  it.each([
    [null, '00'],
    ['', '01'],
    ['ab', '036162'],
    ['é', '03c3a9'],
  ])('compact string %j is %s', (s, want) => {
    expect(hex(new Writer().compactString(s).bytes())).toBe(want);
    expect(new Reader(Buffer.from(want, 'hex')).compactNullableString()).toBe(s);
  });

  it.each([
    [null, '00', []],
    [[], '01', []],
    [[1, 2], '030000000100000002', [1, 2]],
  ])('compact array %j is %s', (items, want, read) => {
    expect(hex(new Writer().compactArray(items, (w, n) => w.int32(n)).bytes())).toBe(want);
    expect(new Reader(Buffer.from(want, 'hex')).compactArray((r) => r.int32())).toEqual(read);
  });

  it.each([
    ['no tagged fields', '00'],
    ['one of 2 bytes', '0100' + '02' + 'abcd'],
    ['two, the second with a 2-byte tag and no data', '02' + '0001ff' + '8001' + '00'],
  ])('a tagged-field section with %s is skipped to the next field', (_what, tagged) => {
    const r = new Reader(Buffer.from(tagged + '0000002a', 'hex'));
    r.taggedFields();
    expect(r.int32()).toBe(42);
  });

  it.each([
    ['a compact string longer than the answer', '05616263', (r: Reader) => r.compactString()],
    ['a compact array of more elements than bytes left', 'ff7f00', (r: Reader) => r.compactArray((x) => x.int8())],
    ['a tagged field longer than the answer', '010005aa', (r: Reader) => r.taggedFields()],
  ])('%s fails, instead of reading past the end', (_what, raw, read) => {
    expect(() => read(new Reader(Buffer.from(raw, 'hex')))).toThrow(ProtocolError);
  });
});

describe('DescribeCluster v2', () => {
  it.each([
    [ENDPOINT_BROKERS, '00010100'],
    [ENDPOINT_CONTROLLERS, '00020100'],
  ])('asks for endpoint type %i with fenced brokers included: %s', (type, want) => {
    expect(hex(encodeDescribeCluster(type))).toBe(want);
  });

  it('decodes an answer, skipping tagged fields in the body and in each broker', () => {
    const body = bytes(
      Buffer.from('00000000' + '0000', 'hex'), // throttle 0, error 0
      0, // error message: null
      1, // endpoint type
      5, 'clus', // cluster id "clus"
      Buffer.from('00000002', 'hex'), // controller id 2
      3, // 2 brokers
      Buffer.from('00000001', 'hex'), 10, 'kafka-0.b', Buffer.from('00002384', 'hex'), 0, 0, 0, // id 1, host, port 9092, rack null, not fenced, no tags
      Buffer.from('00000002', 'hex'), 2, 'h', Buffer.from('00002385', 'hex'), 3, 'za', 1, 1, 7, 1, 0x55, // id 2, rack "za", fenced, one tag (7, 1 byte)
      Buffer.from('80000000', 'hex'), // authorized operations
      0,
    );
    expect(decodeDescribeCluster(new Reader(body))).toEqual({
      errorCode: 0,
      errorMessage: null,
      clusterId: 'clus',
      controllerId: 2,
      nodes: [
        { id: 1, host: 'kafka-0.b', port: 9092, rack: null, fenced: false },
        { id: 2, host: 'h', port: 9093, rack: 'za', fenced: true },
      ],
    });
  });
});

describe('DescribeQuorum v2', () => {
  it('asks for __cluster_metadata partition 0', () => {
    expect(encodeDescribeQuorum()).toEqual(bytes(2, 19, '__cluster_metadata', 2, Buffer.from('00000000', 'hex'), 0, 0, 0));
  });

  const replica = (id: number, leo: number, fetch: number, caughtUp: number) => new Writer().int32(id).bytes().toString('hex') + '00'.repeat(16) + new Writer().int64(leo).int64(fetch).int64(caughtUp).noTaggedFields().bytes().toString('hex');

  it('decodes the leader\'s answer: epoch, high watermark, voters, observers and the controllers\' listeners', () => {
    const w = new Writer().int16(0).compactString(null);
    const partition = new Writer().int32(0).int16(0).compactString(null).int32(1001).int32(7).int64(120).bytes().toString('hex');
    const body = Buffer.concat([
      w.bytes(),
      Buffer.from('02' + new Writer().compactString('__cluster_metadata').bytes().toString('hex') + '02' + partition + '03' + replica(1000, 118, 5000, 4990) + replica(1001, 120, -1, 5100) + '02' + replica(1, 120, 5090, 5090) + '00' + '00', 'hex'),
      new Writer().compactArray([1000], (x, id) => x.int32(id).compactArray(['CONTROLLER'], (y, n) => y.compactString(n).compactString('c-0').int16(9093).noTaggedFields()).noTaggedFields()).noTaggedFields().bytes(),
    ]);
    const q = decodeDescribeQuorum(new Reader(body));
    expect(q).toEqual({
      errorCode: 0,
      errorMessage: null,
      leaderId: 1001,
      leaderEpoch: 7,
      highWatermark: 120,
      voters: [
        { id: 1000, logEndOffset: 118, lastFetchTimestamp: 5000, lastCaughtUpTimestamp: 4990 },
        { id: 1001, logEndOffset: 120, lastFetchTimestamp: -1, lastCaughtUpTimestamp: 5100 },
      ],
      observers: [{ id: 1, logEndOffset: 120, lastFetchTimestamp: 5090, lastCaughtUpTimestamp: 5090 }],
      nodes: new Map([[1000, [{ name: 'CONTROLLER', host: 'c-0', port: 9093 }]]]),
    });
  });

  it('a follower\'s NOT_LEADER_OR_FOLLOWER answer keeps its error code and message', () => {
    const empty = (w: Writer) => w.compactArray([], () => undefined);
    const partition = (w: Writer) => empty(empty(w.int32(0).int16(6).compactString('not the leader').int32(-1).int32(-1).int64(-1))).noTaggedFields();
    const topic = (w: Writer, name: string) => w.compactString(name).compactArray([0], partition).noTaggedFields();
    const body = empty(new Writer().int16(0).compactString(null).compactArray(['__cluster_metadata'], topic)).noTaggedFields().bytes();
    const q = decodeDescribeQuorum(new Reader(body));
    expect([q.errorCode, q.errorMessage, q.leaderId, q.voters]).toEqual([6, 'not the leader', -1, []]);
  });
});
