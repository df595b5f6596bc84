/**
 * The canary's findings in words and numbers: the summary line logged every interval, and the verdict
 * of a job, which names every lost message by partition and offset (ranges of consecutive offsets).
 */
import type { LostMessage, PartitionStats } from './tracker.ts';

/** A partition's counts summed over all of them; the worst latency and the longest time without a leader. */
export type Totals = Omit<PartitionStats, 'partition' | 'lost' | 'lostTotal'> & { readonly lost: number };

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
    lost: sum((s) => s.lost.length),
    late: sum((s) => s.late),
    maxLatencyMs: Math.max(0, ...stats.map((s) => s.maxLatencyMs)),
    leaderlessMs: Math.max(0, ...stats.map((s) => s.leaderlessMs)),
  };
}

/** "12-15, 20" for offsets 12, 13, 14, 15 and 20. */
export function offsetRanges(lost: readonly LostMessage[]): string {
  const offsets = [...new Set(lost.map((l) => l.offset))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < offsets.length; ) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1] === offsets[j]! + 1) j++;
    parts.push(i === j ? `${offsets[i]}` : `${offsets[i]}-${offsets[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** One phrase per partition with lost messages: "canary-0 offsets 12-15, 20 (5 messages)". */
export function lostPhrases(topic: string, stats: readonly PartitionStats[]): string[] {
  return stats
    .filter((s) => s.lost.length > 0)
    .map((s) => `${topic}-${s.partition} offsets ${offsetRanges(s.lost)} (${s.lost.length} message${s.lost.length === 1 ? '' : 's'})`);
}

/** The fields of the summary line: totals, and per partition only the ones with something to say. */
export function summaryFields(topic: string, stats: readonly PartitionStats[]): Record<string, unknown> {
  const t = totals(stats);
  const notable = stats.filter((s) => s.lost.length + s.duplicated + s.outOfOrder + s.produceErrors + s.late > 0 || s.leaderlessMs > 0);
  return {
    ...t,
    ...(notable.length > 0 && {
      partitions: notable.map((s) => ({
        partition: s.partition,
        lost: s.lost.length,
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
