/**
 * Runs named checks on a timer, each under a timeout, all at once per round.
 * Keeps the latest result of each; reports success and duration as metrics;
 * logs a line when a check starts failing (or fails for a new reason) and when
 * it recovers, not on every round. trigger() runs a round now (for
 * ZooKeeper watches), folding into the round already running if there is one.
 */
import type { Logger } from '../../lib/log.ts';
import { errorText, fail, type CheckFn, type CheckResult } from './check.ts';
import type { CheckMetrics } from './metrics.ts';
import { withTimeout } from './timeout.ts';

export interface CheckRunnerOptions {
  readonly checks: Readonly<Record<string, CheckFn>>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly metrics: CheckMetrics;
  readonly log: Logger;
  /** Called after every round with every check's latest result. */
  readonly onRound?: (results: ReadonlyMap<string, CheckResult>) => void;
  readonly now?: () => number;
}

export interface CheckRunner {
  /** The latest result of each check that has finished at least once. */
  results(): ReadonlyMap<string, CheckResult>;
  /** Runs one round now; resolves when it is done. */
  trigger(): Promise<void>;
  /** Starts the timer (the first round runs at once). */
  start(): void;
  /** Stops the timer and aborts running checks; resolves when the round in flight ends. */
  stop(): Promise<void>;
}

export function createCheckRunner(o: CheckRunnerOptions): CheckRunner {
  const now = o.now ?? Date.now;
  // Every check's slot exists from the start, in declaration order, so results read in that order.
  const slots = new Map<string, CheckResult | undefined>(Object.keys(o.checks).map((name) => [name, undefined]));
  const latest = {
    get: (name: string) => slots.get(name),
    set: (name: string, r: CheckResult) => slots.set(name, r),
  };
  const finished = (): ReadonlyMap<string, CheckResult> =>
    new Map([...slots].filter((e): e is [string, CheckResult] => e[1] !== undefined));
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;

  async function runOne(name: string, check: CheckFn): Promise<void> {
    const t0 = performance.now();
    let outcome;
    try {
      outcome = await withTimeout(`check ${name}`, o.timeoutMs, check, stopping.signal);
    } catch (e) {
      outcome = fail(errorText(e));
    }
    const durationSeconds = (performance.now() - t0) / 1000;
    const previous = latest.get(name);
    latest.set(name, { ...outcome, check: name, at: now(), durationSeconds });
    o.metrics.record(name, outcome.ok, durationSeconds);
    const news = previous === undefined || previous.ok || previous.reason !== outcome.reason;
    if (!outcome.ok && news && !stopping.signal.aborted) {
      o.log.warn({ check: name, reason: outcome.reason, detail: outcome.detail }, `check ${name} failed: ${outcome.reason}`);
    } else if (outcome.ok && previous !== undefined && !previous.ok) {
      o.log.info({ check: name, reason: outcome.reason }, `check ${name} passes again`);
    }
  }

  async function round(): Promise<void> {
    do {
      again = false;
      await Promise.all(Object.entries(o.checks).map(([name, check]) => runOne(name, check)));
      o.onRound?.(finished());
    } while (again && !stopping.signal.aborted);
  }

  function trigger(): Promise<void> {
    if (stopping.signal.aborted) return Promise.resolve();
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = round().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    results: finished,
    trigger,
    start() {
      void trigger();
      timer = setInterval(() => void trigger(), o.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      stopping.abort(new Error('stopping'));
      await inFlight;
    },
  };
}
