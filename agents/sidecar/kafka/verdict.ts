/**
 * The kafka-mode verdict: the broker answers the protocol, is registered with
 * the expected endpoints, and is in the ISR of every partition it replicates.
 * Being out of the ISR may hold readiness back for at most SIDECAR_ISR_MAX_WAIT,
 * counted from when the broker was otherwise ready, so a partition that cannot
 * catch up (its leader is gone) does not stop a rolling restart forever. Pure.
 */
import type { CheckResult } from '../checks/check.ts';
import { allOf } from '../mode.ts';
import type { Verdict } from '../verdict.ts';

export const KAFKA_CHECKS = ['broker', 'registration', 'isr'] as const;

/** When the ISR began holding readiness back in the current streak; undefined when it is not. */
export function nextHoldBackSince(previous: number | undefined, results: ReadonlyMap<string, CheckResult>, now: number): number | undefined {
  const base = allOf(['broker', 'registration'], results);
  const isr = results.get('isr');
  if (!base.ready || isr === undefined || isr.ok) return undefined;
  return previous ?? now;
}

export function kafkaVerdict(results: ReadonlyMap<string, CheckResult>, holdBackSince: number | undefined, now: number, maxWaitMs: number): Verdict {
  const all = allOf(KAFKA_CHECKS, results);
  if (all.ready) return all;
  const base = allOf(['broker', 'registration'], results);
  if (!base.ready || holdBackSince === undefined || maxWaitMs <= 0) return all;
  const waited = now - holdBackSince;
  if (waited < maxWaitMs) return all;
  const isr = results.get('isr')!;
  return {
    ready: true,
    reason: `${base.reason}; isr held readiness back for ${Math.round(waited / 1000)}s, more than SIDECAR_ISR_MAX_WAIT allows, so ready anyway (${isr.reason})`,
  };
}
