import { describe, expect, it } from 'vitest';
import { Reader, Writer } from '../../../../agents/sidecar/kafka/wire/codec.ts';
import { decodeApiVersions, pickVersion } from '../../../../agents/sidecar/kafka/wire/api-versions.ts';
import { decodeMetadata, encodeMetadata } from '../../../../agents/sidecar/kafka/wire/metadata.ts';
import { decodeListOffsets, encodeListOffsets } from '../../../../agents/sidecar/kafka/wire/list-offsets.ts';
import { decodeOffsetFetch, encodeOffsetFetch } from '../../../../agents/sidecar/kafka/wire/groups.ts';

describe('Kafka wire encoding', () => {
  it('writes and reads every primitive', () => {
    const b = new Writer().int8(-1).bool(true).int16(-2).int32(70000).int64(2 ** 40).string('héllo').string(null).array([1, 2], (w, n) => w.int32(n)).bytes();
    const r = new Reader(b);
    expect([r.int8(), r.bool(), r.int16(), r.int32(), r.int64(), r.string(), r.nullableString(), r.array((x) => x.int32())]).toEqual([-1, true, -2, 70000, 2 ** 40, 'héllo', null, [1, 2]]);
  });

  it('rejects a response that ends early, naming where', () => {
    expect(() => new Reader(Buffer.from([0, 1])).int32()).toThrow('response ends early: needed 4 bytes at 0 of 2');
  });

  it.each([
    [1, null, false, '(null topics)', Buffer.from([0xff, 0xff, 0xff, 0xff])],
    [4, null, false, '+ allow_auto_topic_creation', Buffer.from([0xff, 0xff, 0xff, 0xff, 0])],
    [4, ['a'], true, 'one topic', Buffer.from([0, 0, 0, 1, 0, 1, 0x61, 1])],
  ])('Metadata v%i request %j %j %s', (version, topics, auto, _name, want) => {
    expect(encodeMetadata(version, topics, auto)).toEqual(want);
  });

  it.each([1, 2, 3, 4])('decodes a Metadata v%i response', (version) => {
    const w = new Writer();
    if (version >= 3) w.int32(0);
    w.array([{ id: 1, host: 'b1', port: 9092, rack: null }], (x, b) => x.int32(b.id).string(b.host).int32(b.port).string(b.rack));
    if (version >= 2) w.string('cluster');
    w.int32(1);
    w.array(['t'], (x, name) => x.int16(0).string(name).bool(false).array([0], (y, p) => y.int16(0).int32(p).int32(1).array([1, 2], (z, n) => z.int32(n)).array([1], (z, n) => z.int32(n))));
    expect(decodeMetadata(version, new Reader(w.bytes()))).toEqual({
      brokers: [{ nodeId: 1, host: 'b1', port: 9092, rack: null }],
      clusterId: version >= 2 ? 'cluster' : null,
      controllerId: 1,
      topics: [{ errorCode: 0, name: 't', internal: false, partitions: [{ errorCode: 0, partition: 0, leader: 1, replicas: [1, 2], isr: [1] }] }],
    });
  });

  it('encodes ListOffsets v1 and decodes its answer', () => {
    const req = new Reader(encodeListOffsets(new Map([['t', [0, 1]]]), -1));
    expect([req.int32(), req.array((t) => [t.string(), t.array((p) => [p.int32(), p.int64()])])]).toEqual([-1, [['t', [[0, -1], [1, -1]]]]]);
    const res = new Writer().array(['t'], (w, t) => w.string(t).array([[0, 0, 42], [1, 6, -1]], (x, [p, e, o]) => x.int32(p!).int16(e!).int64(-1).int64(o!))).bytes();
    expect(decodeListOffsets(new Reader(res))).toEqual([
      { topic: 't', partition: 0, errorCode: 0, offset: 42 },
      { topic: 't', partition: 1, errorCode: 6, offset: -1 },
    ]);
  });

  it('asks OffsetFetch v2 for all of a group\'s partitions and decodes the answer', () => {
    const req = new Reader(encodeOffsetFetch('g'));
    expect([req.string(), req.int32()]).toEqual(['g', -1]);
    const res = new Writer().array(['t'], (w, t) => w.string(t).array([0], (x, p) => x.int32(p).int64(17).string(null).int16(0))).int16(0).bytes();
    expect(decodeOffsetFetch(new Reader(res))).toEqual({ errorCode: 0, offsets: [{ topic: 't', partition: 0, offset: 17, errorCode: 0 }] });
  });

  it('picks the highest version both sides speak', () => {
    const apis = decodeApiVersions(new Reader(new Writer().int16(0).array([[3, 0, 2]], (w, [k, a, b]) => w.int16(k!).int16(a!).int16(b!)).bytes())).apis;
    expect(pickVersion(apis, 3, { min: 1, max: 4 })).toBe(2);
    expect(pickVersion(apis, 3, { min: 3, max: 4 })).toBeUndefined();
    expect(pickVersion(apis, 16, { min: 0, max: 0 })).toBeUndefined();
  });
});
