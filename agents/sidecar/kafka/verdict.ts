/**
 * The kafka-mode verdict: the broker answers the protocol, is registered with
 * the expected endpoints, and is in the ISR of every partition it replicates.
 *
 * /readyz means "safe to roll the next pod", so being behind holds readiness
 * back for as long as waiting can help: a partition whose leader is a live
 * broker keeps it unready however long catching up takes. Only when every
 * partition it is behind on is stuck (no leader, or a leader that is not
 * registered) does SIDECAR_ISR_MAX_WAIT release it, counted from when waiting
 * stopped helping, and the reason names those partitions. Pure.
 */
import type { CheckResult } from '../checks/check.ts';
import { allOf } from '../mode.ts';
import type { Verdict } from '../verdict.ts';
import { isrDetailOf } from './isr.ts';

export const KAFKA_CHECKS = ['broker', 'registration', 'isr'] as const;

/** When the ISR began holding readiness back, and when waiting stopped helping (every partition behind is stuck). */
export interface HoldBack {
  readonly since: number | undefined;
  readonly stuckSince: number | undefined;
}

export const NO_HOLD_BACK: HoldBack = { since: undefined, stuckSince: undefined };

export function nextHoldBack(previous: HoldBack, results: ReadonlyMap<string, CheckResult>, now: number): HoldBack {
  const isr = results.get('isr');
  if (!allOf(['broker', 'registration'], results).ready || isr === undefined || isr.ok) return NO_HOLD_BACK;
  const d = isrDetailOf(isr);
  const stuck = d !== undefined && d.catchingUp === 0 && d.stuck > 0;
  return { since: previous.since ?? now, stuckSince: stuck ? (previous.stuckSince ?? now) : undefined };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

export function kafkaVerdict(results: ReadonlyMap<string, CheckResult>, hold: HoldBack, now: number, maxWaitMs: number): Verdict {
  const all = allOf(KAFKA_CHECKS, results);
  const base = allOf(['broker', 'registration'], results);
  if (all.ready || !base.ready || hold.since === undefined) return all;
  const held = `held back for ${seconds(now - hold.since)}`;
  if (hold.stuckSince === undefined) {
    return { ready: false, reason: `${all.reason}; ${held}, and waits however long catching up takes (SIDECAR_ISR_MAX_WAIT releases only partitions that cannot catch up)` };
  }
  if (maxWaitMs <= 0) return { ready: false, reason: `${all.reason}; ${held}; SIDECAR_ISR_MAX_WAIT=0s waits without limit` };
  const stuckFor = now - hold.stuckSince;
  if (stuckFor < maxWaitMs) {
    return { ready: false, reason: `${all.reason}; ${held}; ready in ${seconds(maxWaitMs - stuckFor)} (SIDECAR_ISR_MAX_WAIT) unless they recover first` };
  }
  const isr = results.get('isr')!;
  return {
    ready: true,
    reason: `${base.reason}; ready although out of the ISR: for ${seconds(stuckFor)}, past SIDECAR_ISR_MAX_WAIT, waiting could not help (${isr.reason})`,
  };
}
