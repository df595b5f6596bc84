/** What each mode plugs into the sidecar: its checks, how they make a verdict, and its lifecycle. */
import type { CheckFn, CheckResult } from './checks/check.ts';
import type { Verdict } from './verdict.ts';

export interface Mode {
  readonly checks: Readonly<Record<string, CheckFn>>;
  /** Pure: the readiness that follows from the checks' latest results. */
  verdict(results: ReadonlyMap<string, CheckResult>, now: number): Verdict;
  /** Starts background work (sessions, watches, collectors); `recheck` runs a round of checks now. */
  start?(recheck: () => void): Promise<void> | void;
  stop?(): Promise<void>;
  /** Metrics text the mode renders itself (appended to the registry's on /metrics). */
  metricsText?(): string;
}

/** The verdict of a list of checks that must all pass, in order: the first failure is the reason. */
export function allOf(names: readonly string[], results: ReadonlyMap<string, CheckResult>): Verdict {
  const reasons: string[] = [];
  for (const name of names) {
    const r = results.get(name);
    if (r === undefined) return { ready: false, reason: `${name}: not checked yet` };
    if (!r.ok) return { ready: false, reason: `${name}: ${r.reason}` };
    reasons.push(r.reason);
  }
  return { ready: true, reason: reasons.join('; ') };
}
