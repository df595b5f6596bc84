import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../agents/sidecar/checks/check.ts';
import { kafkaVerdict, nextHoldBackSince } from '../../../agents/sidecar/kafka/verdict.ts';

const r = (check: string, ok: boolean, reason = ok ? `${check} ok` : `${check} bad`): [string, CheckResult] => [check, { check, ok, reason, at: 0, durationSeconds: 0 }];
const results = (broker: boolean, registration: boolean, isr: boolean) => new Map([r('broker', broker), r('registration', registration), r('isr', isr)]);
const MIN = 60_000;

describe('kafka verdict', () => {
  it.each([
    ['all pass', results(true, true, true), undefined, 0, 10 * MIN, true, 'broker ok; registration ok; isr ok'],
    ['broker down', results(false, true, true), undefined, 0, 10 * MIN, false, 'broker: broker bad'],
    ['not registered', results(true, false, true), undefined, 0, 10 * MIN, false, 'registration: registration bad'],
    ['out of ISR, within the bound', results(true, true, false), 0, 5 * MIN, 10 * MIN, false, 'isr: isr bad'],
    ['out of ISR, past the bound', results(true, true, false), 0, 11 * MIN, 10 * MIN, true, 'more than SIDECAR_ISR_MAX_WAIT allows, so ready anyway'],
    ['out of ISR, no bound (0s)', results(true, true, false), 0, 600 * MIN, 0, false, 'isr: isr bad'],
    ['past the bound but not registered', results(true, false, false), 0, 11 * MIN, 10 * MIN, false, 'registration: registration bad'],
  ])('%s', (_name, res, since, now, maxWait, ready, reason) => {
    const v = kafkaVerdict(res, since, now, maxWait);
    expect(v.ready).toBe(ready);
    expect(v.reason).toContain(reason);
  });
});

describe('ISR hold-back clock', () => {
  it.each([
    ['starts when only the ISR fails', undefined, results(true, true, false), 50, 50],
    ['keeps its start while the ISR still fails', 10, results(true, true, false), 50, 10],
    ['stops when the ISR passes', 10, results(true, true, true), 50, undefined],
    ['does not run while the broker is down', 10, results(false, true, false), 50, undefined],
    ['does not run while unregistered', undefined, results(true, false, false), 50, undefined],
  ])('%s', (_name, previous, res, now, want) => {
    expect(nextHoldBackSince(previous, res, now)).toBe(want);
  });
});
