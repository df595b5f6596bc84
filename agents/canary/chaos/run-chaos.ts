/**
 * Chaos rounds: every pod Ready first; then per round one pod deleted, and the round waits until its
 * replacement (same name, new uid) and every other pod are Ready again, within the recovery timeout.
 * A round that does not recover in time ends the run with exit 1, naming what was not Ready.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentError, ExitCode } from '../../lib/exit-codes.ts';
import type { Logger } from '../../lib/log.ts';
import type { PodApi } from './pod-api.ts';
import { describeUnready, missingPod, podState, recovered, victims, type PodState } from './pod-state.ts';

export interface ChaosOptions {
  readonly pods: readonly string[];
  readonly rounds: number;
  readonly recoveryTimeoutMs: number;
  readonly pauseMs: number;
  readonly pollMs: number;
}

export interface RoundResult {
  readonly round: number;
  readonly pod: string;
  readonly recoveredMs: number;
}

async function readStates(api: PodApi, pods: readonly string[]): Promise<PodState[]> {
  return Promise.all(
    pods.map(async (name) => {
      try {
        const obj = await api.get(name);
        return obj === undefined ? missingPod(name) : podState(name, obj);
      } catch (e) {
        if (e instanceof AgentError) throw e;
        return { name, uid: '', ready: false, reason: `unreadable (${(e as Error).message})` };
      }
    }),
  );
}

/** Polls until `done(states)`; the last states and whether it held, or undefined when stopped. */
async function pollStates(api: PodApi, o: ChaosOptions, signal: AbortSignal, done: (s: PodState[]) => boolean): Promise<{ ok: boolean; states: PodState[] } | undefined> {
  const until = Date.now() + o.recoveryTimeoutMs;
  for (;;) {
    const states = await readStates(api, o.pods);
    if (done(states)) return { ok: true, states };
    if (Date.now() >= until) return { ok: false, states };
    try {
      await sleep(o.pollMs, undefined, { signal });
    } catch {
      return undefined;
    }
  }
}

export async function runChaos(api: PodApi, o: ChaosOptions, log: Logger, signal: AbortSignal): Promise<number> {
  const limit = `CANARY_CHAOS_RECOVERY_TIMEOUT (${o.recoveryTimeoutMs} ms)`;
  const first = await pollStates(api, o, signal, (s) => s.every((p) => p.ready));
  if (first === undefined) return ExitCode.TERMINATED;
  if (!first.ok) throw new AgentError('E_CHAOS_NOT_READY', `not every pod was Ready before the first round, within ${limit}: ${describeUnready(first.states)}`);
  const results: RoundResult[] = [];
  const plan = victims(o.pods, o.rounds);
  for (const [i, pod] of plan.entries()) {
    const round = i + 1;
    const before = (await readStates(api, [pod]))[0]!.uid;
    log.info({ round, of: plan.length, pod }, `round ${round} of ${plan.length}: deleting pod ${pod}`);
    const started = Date.now();
    await api.delete(pod);
    const r = await pollStates(api, o, signal, (s) => recovered(pod, before, s));
    if (r === undefined) return ExitCode.TERMINATED;
    if (!r.ok) {
      throw new AgentError('E_CHAOS_NOT_RECOVERED', `round ${round} of ${plan.length}: after deleting ${pod}, not every pod was Ready again within ${limit}: ${describeUnready(r.states) || `${pod} was not replaced`}`);
    }
    const recoveredMs = Date.now() - started;
    results.push({ round, pod, recoveredMs });
    log.info({ round, pod, recoveredMs }, `round ${round} of ${plan.length}: ${pod} replaced and every pod Ready after ${recoveredMs} ms`);
    if (round < plan.length) {
      try {
        await sleep(o.pauseMs, undefined, { signal });
      } catch {
        return ExitCode.TERMINATED;
      }
    }
  }
  const slowest = results.reduce((a, b) => (b.recoveredMs > a.recoveredMs ? b : a));
  log.info({ rounds: results }, `chaos done: ${results.length} rounds, every one recovered; slowest ${slowest.recoveredMs} ms (round ${slowest.round}, ${slowest.pod})`);
  return ExitCode.OK;
}
