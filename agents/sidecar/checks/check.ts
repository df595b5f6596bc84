/** What a check is and what it reports. */

/** The answer of one check: ok, and one line saying why not (or what was seen). */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly reason: string;
  /** Extra facts for the JSON form of /readyz. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** A check: asks the server once; must stop work when the signal aborts. */
export type CheckFn = (signal: AbortSignal) => Promise<CheckOutcome>;

/** The latest outcome of a named check, with when it finished and how long it took. */
export interface CheckResult extends CheckOutcome {
  readonly check: string;
  readonly at: number;
  readonly durationSeconds: number;
}

export const pass = (reason: string, detail?: Record<string, unknown>): CheckOutcome => ({ ok: true, reason, detail });
export const fail = (reason: string, detail?: Record<string, unknown>): CheckOutcome => ({ ok: false, reason, detail });

/** One line from any thrown value. */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : String(e);
  return text.split('\n')[0]!;
}
