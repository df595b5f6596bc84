import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../../agents/sidecar/checks/check.ts';
import { kraftVerdict } from '../../../../agents/sidecar/kafka/kraft/verdict.ts';
import { NO_HOLD_BACK } from '../../../../agents/sidecar/kafka/verdict.ts';

const result = (check: string, ok: boolean, reason = `${check} ${ok ? 'ok' : 'bad'}`): CheckResult => ({ check, ok, reason, at: 0, durationSeconds: 0 });
const results = (...rs: CheckResult[]) => new Map(rs.map((r) => [r.check, r]));
const BROKER = { broker: true, controller: false };
const CONTROLLER = { broker: false, controller: true };
const COMBINED = { broker: true, controller: true };
const brokerOk = [result('broker', true), result('registration', true), result('isr', true)];
const controllerOk = [result('controller', true), result('quorum', true)];

describe('the KRaft verdict by role', () => {
  it.each([
    ['a broker with its three checks passing', BROKER, brokerOk, true, 'broker ok; registration ok; isr ok'],
    ['a broker ignores controller checks it does not run', BROKER, [...brokerOk, result('quorum', false)], true, 'broker ok; registration ok; isr ok'],
    ['a fenced broker', BROKER, [result('broker', true), result('registration', false, 'fenced'), result('isr', true)], false, 'registration: fenced'],
    ['a controller caught up', CONTROLLER, controllerOk, true, 'controller ok; quorum ok'],
    ['a controller behind', CONTROLLER, [result('controller', true), result('quorum', false, 'behind')], false, 'quorum: behind'],
    ['a controller not checked yet', CONTROLLER, [result('controller', true)], false, 'quorum: not checked yet'],
    ['a combined node needs both', COMBINED, [...brokerOk, result('controller', true), result('quorum', false, 'behind')], false, 'quorum: behind'],
    ['a combined node, both ready', COMBINED, [...brokerOk, ...controllerOk], true, 'broker ok; registration ok; isr ok; controller ok; quorum ok'],
  ])('%s', (_what, roles, rs, ready, reason) => {
    expect(kraftVerdict(roles, results(...rs), NO_HOLD_BACK, 0, 0)).toEqual({ ready, reason });
  });
});
