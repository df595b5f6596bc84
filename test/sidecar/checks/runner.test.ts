import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { pass, fail, type CheckFn } from '../../../agents/sidecar/checks/check.ts';
import { checkMetrics } from '../../../agents/sidecar/checks/metrics.ts';
import { createCheckRunner } from '../../../agents/sidecar/checks/runner.ts';
import { withTimeout } from '../../../agents/sidecar/checks/timeout.ts';
import { allOf } from '../../../agents/sidecar/mode.ts';
import { memoryLogger as quietLog } from '../../support/sidecar.ts';

const never: CheckFn = (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

describe('check runner', () => {
  it('runs every check, records success and duration per check, and logs failures', async () => {
    const registry = new Registry();
    const { log, lines } = quietLog();
    const runner = createCheckRunner({
      checks: { good: async () => pass('fine'), bad: async () => fail('broken'), throws: async () => { throw new Error('boom\nsecond line'); }, slow: never },
      intervalMs: 60_000,
      timeoutMs: 50,
      metrics: checkMetrics(registry),
      log,
    });
    await runner.trigger();
    const r = runner.results();
    expect(Object.fromEntries([...r].map(([k, v]) => [k, [v.ok, v.reason]]))).toEqual({
      good: [true, 'fine'],
      bad: [false, 'broken'],
      throws: [false, 'boom'],
      slow: [false, 'check slow timed out after 50 ms'],
    });
    const text = await registry.metrics();
    for (const [check, v] of [['good', 1], ['bad', 0], ['throws', 0], ['slow', 0]] as const) {
      expect(text).toContain(`sidecar_check_success{check="${check}"} ${v}`);
      expect(text).toMatch(new RegExp(`sidecar_check_duration_seconds\\{check="${check}"\\} [0-9.e-]+`));
    }
    expect(lines.filter((l) => l.includes('"level":"warn"'))).toHaveLength(3);
    await runner.stop();
  });

  it('folds a trigger during a round into one more round', async () => {
    let calls = 0;
    const { log } = quietLog();
    const runner = createCheckRunner({
      checks: { count: async () => { calls++; await new Promise((r) => setTimeout(r, 20)); return pass(String(calls)); } },
      intervalMs: 60_000,
      timeoutMs: 1000,
      metrics: checkMetrics(new Registry()),
      log,
    });
    const a = runner.trigger();
    const b = runner.trigger();
    const c = runner.trigger();
    await Promise.all([a, b, c]);
    expect(calls).toBe(2);
    await runner.stop();
  });
});

describe('withTimeout', () => {
  it('aborts the work and rejects naming what timed out', async () => {
    let aborted = false;
    await expect(withTimeout('srvr', 10, (s) => new Promise((_, rej) => s.addEventListener('abort', () => { aborted = true; rej(s.reason); })))).rejects.toThrow('srvr timed out after 10 ms');
    expect(aborted).toBe(true);
  });
});

describe('allOf', () => {
  const r = (check: string, ok: boolean, reason: string) => [check, { check, ok, reason, at: 0, durationSeconds: 0 }] as const;
  it.each([
    [[r('a', true, 'A'), r('b', true, 'B')], { ready: true, reason: 'A; B' }],
    [[r('a', true, 'A'), r('b', false, 'down')], { ready: false, reason: 'b: down' }],
    [[r('a', false, 'first'), r('b', false, 'second')], { ready: false, reason: 'a: first' }],
    [[r('a', true, 'A')], { ready: false, reason: 'b: not checked yet' }],
  ])('%#', (entries, want) => {
    expect(allOf(['a', 'b'], new Map(entries))).toEqual(want);
  });
});
