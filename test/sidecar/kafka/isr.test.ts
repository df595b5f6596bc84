import { describe, expect, it } from 'vitest';
import { isrOutcome, outOfSync, type PartitionState } from '../../../agents/sidecar/kafka/isr.ts';
import { parseAssignment, parseState } from '../../../agents/sidecar/kafka/zk/partitions.ts';
import { partitionStateJson, topicAssignmentJson } from '../../support/kafka-znodes.ts';

const p = (topic: string, partition: number, replicas: number[], isr: number[] | undefined, leader = replicas[0]): PartitionState => ({ topic, partition, replicas, isr, leader });

describe('outOfSync / isrOutcome', () => {
  it.each([
    ['in every ISR', [p('a', 0, [0, 1], [0, 1]), p('a', 1, [1, 0], [1, 0])], true, 'in the ISR of all 2 partitions it replicates'],
    ['not a replica of the lagging partition', [p('a', 0, [1, 2], [1]), p('a', 1, [0, 1], [0, 1])], true, 'all 1 partitions'],
    ['missing from one ISR', [p('a', 0, [0, 1], [0, 1]), p('b', 3, [1, 0], [1])], false, 'broker 0 is not in the ISR of 1 of its 2 partitions: catching up on b-3'],
    ['no state znode yet', [p('a', 0, [0, 1], undefined)], false, 'a-0'],
    ['replicates nothing', [], true, 'all 0 partitions'],
    ['many behind are summarised', Array.from({ length: 7 }, (_, i) => p('t', i, [0, 1], [1])), false, 't-0, t-1, t-2, t-3, t-4 and 2 more'],
  ])('%s', (_name, parts, ok, reason) => {
    const out = isrOutcome(0, parts, new Set([0, 1]));
    expect(out.ok).toBe(ok);
    expect(out.reason).toContain(reason);
    expect(outOfSync(0, parts).length === 0).toBe(ok);
  });
});

describe('partition znodes', () => {
  it('reads a topic assignment as Kafka writes it', () => {
    expect([...parseAssignment(topicAssignmentJson({ 0: [0, 1, 2], 1: [1, 2, 0] }))]).toEqual([[0, [0, 1, 2]], [1, [1, 2, 0]]]);
  });
  it.each([
    [partitionStateJson(2, [2, 0]), { leader: 2, isr: [2, 0] }],
    [partitionStateJson(-1, [1]), { leader: -1, isr: [1] }],
    ['{}', { leader: -1, isr: [] }],
  ])('reads partition state %s', (text, want) => {
    expect(parseState(text)).toEqual(want);
  });
});
