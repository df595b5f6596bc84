/**
 * The readiness /readyz serves: a verdict, one line of reason, and the check
 * results behind it. Updated after each round of checks; read without waiting.
 */
import type { CheckResult } from './checks/check.ts';

export interface Verdict {
  readonly ready: boolean;
  /** One line: "ready: ..." facts, or what is wrong. */
  readonly reason: string;
}

export interface Readiness extends Verdict {
  /** When the verdict last changed (ms since the epoch). */
  readonly since: number;
  readonly checks: readonly CheckResult[];
}

export interface ReadinessState {
  get(): Readiness;
  set(verdict: Verdict, checks: readonly CheckResult[]): void;
}

export const NOT_CHECKED_YET = 'no check has finished yet';

/** `onChange` runs when the verdict flips between ready and not ready (each failing check logs its own reasons). */
export function createReadinessState(now: () => number = Date.now, onChange?: (r: Readiness) => void): ReadinessState {
  let current: Readiness = { ready: false, reason: NOT_CHECKED_YET, since: now(), checks: [] };
  return {
    get: () => current,
    set(verdict, checks) {
      const changed = verdict.ready !== current.ready;
      current = { ...verdict, since: changed ? now() : current.since, checks };
      if (changed) onChange?.(current);
    },
  };
}
