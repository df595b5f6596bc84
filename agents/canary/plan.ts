/** What follows from the canary's settings alone, checked across them. No I/O. */
import type { ConfigOf } from '../lib/config/index.ts';
import { ConfigError } from '../lib/exit-codes.ts';
import type { CanaryMode, settings } from './settings.ts';

export interface CanaryPlan {
  readonly mode: CanaryMode;
  /** job mode: stop producing after this long (ms), or undefined. */
  readonly durationMs: number | undefined;
  /** job mode: stop producing after this many messages, or undefined. */
  readonly messages: number | undefined;
  /** Milliseconds between two production ticks: at most 100 ms, at least 10 ms. */
  readonly tickMs: number;
}

export function canaryPlan(c: ConfigOf<typeof settings>): CanaryPlan {
  if (c.mode === 'job' && c.duration === undefined && c.messages === undefined) {
    throw new ConfigError('job mode needs an end: set $CANARY_DURATION (e.g. 5m) or $CANARY_MESSAGES (e.g. 10000), or both', 'CANARY_DURATION');
  }
  if (c.mode !== 'job') {
    const which = c.duration !== undefined ? 'CANARY_DURATION' : c.messages !== undefined ? 'CANARY_MESSAGES' : undefined;
    if (which) throw new ConfigError(`$${which} applies to job mode only: set CANARY_MODE=job, or unset $${which} for a canary that runs until stopped`, which);
  }
  return Object.freeze({
    mode: c.mode,
    durationMs: c.duration,
    messages: c.messages,
    tickMs: Math.max(10, Math.min(100, Math.floor(1000 / c.rate))),
  });
}
