/**
 * canary: produces numbered messages to its topic (acks=all, idempotent) and consumes them in its own
 * group, counting per partition what was acknowledged and never arrived. service mode runs until
 * stopped; job mode runs for a duration or a message count and exits 1 when anything was lost.
 * chaos mode deletes broker and ZooKeeper pods one at a time and checks that each round recovers.
 */
import { runAgent, type AgentSpec } from '../lib/run-agent.ts';
import { runCanary } from './canary.ts';
import { runChaosMode } from './chaos/chaos-mode.ts';
import { canaryPlan, type CanaryPlan } from './plan.ts';
import { settings } from './settings.ts';

export const canary: AgentSpec<typeof settings, CanaryPlan> = {
  name: 'canary',
  summary: 'produces and consumes numbered messages and reports, per partition, what an acknowledged write lost',
  schema: settings,
  plan: canaryPlan,
  run: ({ config, plan, log, signal, env }) => (plan.mode === 'chaos' ? runChaosMode(config, env, log, signal) : runCanary(config, plan, log, signal)),
};

// Not the frame's main(): a Kafka client can keep retry timers alive after the run (a connection that
// never completed), which would hold the process open past its verdict. The log is synchronous, so
// exiting at once loses no line.
runAgent(canary).then(
  (code) => process.exit(code),
  () => process.exit(1),
);
