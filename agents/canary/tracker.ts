/**
 * The canary's bookkeeping, per partition: what was sent, acknowledged and received, and what that
 * says about the log. Pure: every call is given the time, so tests replay any history.
 *
 * A message is identified by its partition and its sequence number there (0, 1, 2, ... per run).
 * - lost: acknowledged and not received within the grace time after its acknowledgement; one that
 *   arrives after all is taken off the lost list and counted late.
 * - duplicated: a sequence number received again at a new offset (the log holds it twice).
 * - redelivered: an offset read again (the consumer went back, e.g. after a rebalance); not a fault of the log.
 * - out of order: first received after a higher sequence number of the same partition.
 * Lost messages are kept by offset up to MAX_LOST_KEPT a partition (a consumer stuck for days must not
 * fill the memory); beyond that they are counted only, and one of them arriving late is not recognised.
 */

export const MAX_LOST_KEPT = 10_000;

export interface LostMessage {
  readonly seq: number;
  readonly offset: number;
}

export interface PartitionStats {
  readonly partition: number;
  readonly sent: number;
  readonly acknowledged: number;
  readonly produceErrors: number;
  readonly received: number;
  readonly duplicated: number;
  readonly redelivered: number;
  readonly outOfOrder: number;
  /** Acknowledged, not received, grace not yet over. */
  readonly pending: number;
  /** Sent, neither acknowledged nor failed yet. */
  readonly inFlight: number;
  /** Declared lost since the start (late arrivals included). */
  readonly lostTotal: number;
  readonly late: number;
  /** How many are lost now. */
  readonly lostNow: number;
  /** Lost now, lowest offset first (at most MAX_LOST_KEPT). */
  readonly lost: readonly LostMessage[];
  readonly leaderlessMs: number;
  readonly maxLatencyMs: number;
}

interface Waiting {
  readonly offset: number;
  readonly ackedAt: number;
}

class PartitionBook {
  nextSeq = 0;
  acknowledged = 0;
  produceErrors = 0;
  received = 0;
  duplicated = 0;
  redelivered = 0;
  outOfOrder = 0;
  lostTotal = 0;
  lostUnlisted = 0;
  late = 0;
  maxLatencyMs = 0;
  maxSeqReceived = -1;
  maxOffsetRead = -1;
  leaderlessMs = 0;
  leaderlessSince: number | undefined;
  /** Sent, not answered yet; true once received before its acknowledgement came. */
  readonly inFlight = new Map<number, boolean>();
  readonly waiting = new Map<number, Waiting>();
  /** Failed produces by failure time: they may still be in the log, so a receipt is no surprise. */
  readonly failed = new Map<number, number>();
  readonly lost = new Map<number, number>();

  constructor(readonly partition: number) {}
}

export type Receipt = 'new' | 'late' | 'duplicate' | 'redelivered';

export class Tracker {
  private readonly books: PartitionBook[] = [];

  constructor(
    partitions: number,
    private readonly graceMs: number,
  ) {
    for (let p = 0; p < partitions; p++) this.books.push(new PartitionBook(p));
  }

  get partitions(): number {
    return this.books.length;
  }

  private book(partition: number): PartitionBook {
    const b = this.books[partition];
    if (!b) throw new RangeError(`no partition ${partition} (the topic has ${this.books.length})`);
    return b;
  }

  /** A new message for `partition`: returns its sequence number. */
  send(partition: number): number {
    const b = this.book(partition);
    const seq = b.nextSeq++;
    b.inFlight.set(seq, false);
    return seq;
  }

  acknowledged(partition: number, seq: number, offset: number, now: number): void {
    const b = this.book(partition);
    const receivedAlready = b.inFlight.get(seq);
    if (receivedAlready === undefined) return;
    b.inFlight.delete(seq);
    b.acknowledged++;
    if (!receivedAlready) b.waiting.set(seq, { offset, ackedAt: now });
  }

  produceFailed(partition: number, seq: number, now: number): void {
    const b = this.book(partition);
    const receivedAlready = b.inFlight.get(seq);
    if (receivedAlready === undefined) return;
    b.inFlight.delete(seq);
    b.produceErrors++;
    if (!receivedAlready) b.failed.set(seq, now);
  }

  /** A message of this run read at `offset`; latency from its creation, when this is its first receipt. */
  received(partition: number, seq: number, offset: number, latencyMs: number): Receipt {
    const b = this.book(partition);
    const reread = offset <= b.maxOffsetRead;
    b.maxOffsetRead = Math.max(b.maxOffsetRead, offset);
    let kind: Receipt;
    if (b.waiting.delete(seq) || b.failed.delete(seq) || b.inFlight.get(seq) === false) {
      if (b.inFlight.has(seq)) b.inFlight.set(seq, true);
      kind = 'new';
    } else if (b.lost.delete(seq)) {
      b.late++;
      kind = 'late';
    } else {
      if (reread) b.redelivered++;
      else b.duplicated++;
      return reread ? 'redelivered' : 'duplicate';
    }
    b.received++;
    if (seq < b.maxSeqReceived) b.outOfOrder++;
    b.maxSeqReceived = Math.max(b.maxSeqReceived, seq);
    b.maxLatencyMs = Math.max(b.maxLatencyMs, latencyMs);
    return kind;
  }

  /** Whether the partition has a leader now, from the latest metadata. */
  leader(partition: number, hasLeader: boolean, now: number): void {
    const b = this.book(partition);
    if (!hasLeader && b.leaderlessSince === undefined) b.leaderlessSince = now;
    if (hasLeader && b.leaderlessSince !== undefined) {
      b.leaderlessMs += now - b.leaderlessSince;
      b.leaderlessSince = undefined;
    }
  }

  /** Declares lost what waited longer than the grace time; returns those newly lost. */
  sweep(now: number): Array<LostMessage & { partition: number }> {
    const out: Array<LostMessage & { partition: number }> = [];
    for (const b of this.books) {
      for (const [seq, w] of b.waiting) {
        if (now - w.ackedAt < this.graceMs) continue;
        b.waiting.delete(seq);
        if (b.lost.size < MAX_LOST_KEPT) b.lost.set(seq, w.offset);
        else b.lostUnlisted++;
        b.lostTotal++;
        out.push({ partition: b.partition, seq, offset: w.offset });
      }
      for (const [seq, at] of b.failed) if (now - at >= this.graceMs) b.failed.delete(seq);
    }
    return out;
  }

  /** Nothing sent is unanswered, and nothing acknowledged is still awaited. */
  settled(): boolean {
    return this.books.every((b) => b.inFlight.size === 0 && b.waiting.size === 0);
  }

  stats(now: number): PartitionStats[] {
    return this.books.map((b) => ({
      partition: b.partition,
      sent: b.nextSeq,
      acknowledged: b.acknowledged,
      produceErrors: b.produceErrors,
      received: b.received,
      duplicated: b.duplicated,
      redelivered: b.redelivered,
      outOfOrder: b.outOfOrder,
      pending: b.waiting.size,
      inFlight: b.inFlight.size,
      lostTotal: b.lostTotal,
      lostNow: b.lost.size + b.lostUnlisted,
      late: b.late,
      lost: [...b.lost].map(([seq, offset]) => ({ seq, offset })).sort((x, y) => x.offset - y.offset),
      leaderlessMs: b.leaderlessMs + (b.leaderlessSince === undefined ? 0 : now - b.leaderlessSince),
      maxLatencyMs: b.maxLatencyMs,
    }));
  }
}
