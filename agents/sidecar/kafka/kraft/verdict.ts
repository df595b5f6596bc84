/**
 * The KRaft verdict, by role: a broker as in ZooKeeper mode (answers, registered as its config says
 * and unfenced, in the ISR, with the same hold-back), a controller when it answers and is a caught-up
 * voter of a quorum with a leader; a combined node must be both. Pure.
 */
import type { CheckResult } from '../../checks/check.ts';
import { allOf } from '../../mode.ts';
import type { Verdict } from '../../verdict.ts';
import { kafkaVerdict, type HoldBack } from '../verdict.ts';

export const CONTROLLER_CHECKS = ['controller', 'quorum'] as const;

export interface Roles {
  readonly broker: boolean;
  readonly controller: boolean;
}

export function kraftVerdict(roles: Roles, results: ReadonlyMap<string, CheckResult>, hold: HoldBack, now: number, maxWaitMs: number): Verdict {
  const parts: Verdict[] = [];
  if (roles.broker) parts.push(kafkaVerdict(results, hold, now, maxWaitMs));
  if (roles.controller) parts.push(allOf(CONTROLLER_CHECKS, results));
  const failing = parts.find((p) => !p.ready);
  return failing ?? { ready: true, reason: parts.map((p) => p.reason).join('; ') };
}
