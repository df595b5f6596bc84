/**
 * The canary's findings in words and numbers: the summary line logged every interval, and the verdict
 * of a job, which names every lost message by partition and offset (ranges of consecutive offsets).
 */
import type { LostMessage, PartitionStats } from './tracker.ts';

/** A partition's counts summed over all of them; the worst latency and the longest time without a leader. */
export type Totals = Omit<PartitionStats, 'partition' | 'lost' | 'lostNow' | 'lostTotal'> & { readonly lost: number };

export function totals(stats: readonly PartitionStats[]): Totals {
  const sum = (f: (s: PartitionStats) => number) => stats.reduce((n, s) => n + f(s), 0);
  return {
    sent: sum((s) => s.sent),
    acknowledged: sum((s) => s.acknowledged),
    produceErrors: sum((s) => s.produceErrors),
    received: sum((s) => s.received),
    duplicated: sum((s) => s.duplicated),
    redelivered: sum((s) => s.redelivered),
    outOfOrder: sum((s) => s.outOfOrder),
    pending: sum((s) => s.pending),
    inFlight: sum((s) => s.inFlight),
    lost: sum((s) => s.lostNow),
    late: sum((s) => s.late),
    maxLatencyMs: Math.max(0, ...stats.map((s) => s.maxLatencyMs)),
    leaderlessMs: Math.max(0, ...stats.map((s) => s.leaderlessMs)),
  };
}

/** At most this many ranges are written out in a line; the rest are counted. */
export const MAX_RANGES = 20;

/** "12-15, 20" for offsets 12, 13, 14, 15 and 20; past MAX_RANGES ranges, "... and 7 more ranges". */
export function offsetRanges(lost: readonly LostMessage[]): string {
  const offsets = [...new Set(lost.map((l) => l.offset))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < offsets.length; ) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1] === offsets[j]! + 1) j++;
    parts.push(i === j ? `${offsets[i]}` : `${offsets[i]}-${offsets[j]}`);
    i = j + 1;
  }
  const more = parts.length - MAX_RANGES;
  return more > 0 ? `${parts.slice(0, MAX_RANGES).join(', ')} and ${more} more range${more === 1 ? '' : 's'}` : parts.join(', ');
}

/** One partition's lost messages: "canary-0 offsets 12-15, 20 (5 messages)". */
export function lostPhrase(topic: string, partition: number, lost: readonly LostMessage[], count = lost.length): string {
  const listed = count > lost.length ? `, the first ${lost.length} listed` : '';
  return `${topic}-${partition} offsets ${offsetRanges(lost)} (${count} message${count === 1 ? '' : 's'}${listed})`;
}

/** One phrase per partition with lost messages. */
export function lostPhrases(topic: string, stats: readonly PartitionStats[]): string[] {
  return stats.filter((s) => s.lostNow > 0).map((s) => lostPhrase(topic, s.partition, s.lost, s.lostNow));
}

/** The fields of the summary line: totals, and per partition only the ones with something to say. */
export function summaryFields(topic: string, stats: readonly PartitionStats[]): Record<string, unknown> {
  const t = totals(stats);
  const notable = stats.filter((s) => s.lostNow + s.duplicated + s.outOfOrder + s.produceErrors + s.late > 0 || s.leaderlessMs > 0);
  return {
    ...t,
    ...(notable.length > 0 && {
      partitions: notable.map((s) => ({
        partition: s.partition,
        lost: s.lostNow,
        duplicated: s.duplicated,
        outOfOrder: s.outOfOrder,
        produceErrors: s.produceErrors,
        late: s.late,
        leaderlessMs: s.leaderlessMs,
      })),
    }),
    ...(t.lost > 0 && { lostMessages: lostPhrases(topic, stats) }),
  };
}

export function summaryMessage(stats: readonly PartitionStats[]): string {
  const t = totals(stats);
  return (
    `sent ${t.sent}, acknowledged ${t.acknowledged}, received ${t.received}, lost ${t.lost}, duplicated ${t.duplicated}, ` +
    `out of order ${t.outOfOrder}, produce errors ${t.produceErrors}, worst latency ${t.maxLatencyMs} ms`
  );
}

export interface Verdict {
  readonly ok: boolean;
  readonly message: string;
}

/** A job's verdict once production stopped and the grace time is over. */
export function jobVerdict(topic: string, stats: readonly PartitionStats[]): Verdict {
  const t = totals(stats);
  if (t.lost > 0) {
    return { ok: false, message: `lost ${t.lost} acknowledged message${t.lost === 1 ? '' : 's'}: ${lostPhrases(topic, stats).join('; ')}` };
  }
  if (t.acknowledged === 0) {
    return { ok: false, message: `no message was acknowledged (${t.sent} sent, ${t.produceErrors} produce errors): the cluster took nothing, so nothing is proven` };
  }
  return { ok: true, message: `nothing lost: ${summaryMessage(stats)}` };
}
