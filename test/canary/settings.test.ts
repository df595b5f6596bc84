// The canary's settings and the plan checked across them: defaults, and every bad input refused with
// the setting named and the fix (exit 2 is checked on the bundle in main.bundle.test.ts).
import { describe, expect, it } from 'vitest';
import { resolveConfig, type Env } from '../../agents/lib/config/index.ts';
import { ConfigError } from '../../agents/lib/exit-codes.ts';
import { canaryPlan } from '../../agents/canary/plan.ts';
import { DEFAULT_PORT, settings } from '../../agents/canary/settings.ts';

const config = (env: Env) => resolveConfig(settings, { help: false, values: new Map() }, env).config;
const plan = (env: Env) => canaryPlan(config(env));

describe('canary settings', () => {
  it('defaults to the bootstrap Service, topic and group canary, service mode, 10 messages/s', () => {
    const c = config({});
    expect(c).toMatchObject({ bootstrap: ['kafka:9092'], topic: 'canary', group: 'canary', mode: 'service', rate: 10, lossGrace: 30_000, port: DEFAULT_PORT });
    expect(c.duration).toBeUndefined();
    expect(plan({})).toMatchObject({ mode: 'service', durationMs: undefined, messages: undefined, tickMs: 100 });
  });

  it.each([
    [{ CANARY_MODE: 'job', CANARY_DURATION: '5m' }, { durationMs: 300_000, messages: undefined }],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '10000' }, { durationMs: undefined, messages: 10_000 }],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '50', CANARY_DURATION: '1m' }, { durationMs: 60_000, messages: 50 }],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '1', CANARY_RATE: '1000' }, { tickMs: 10 }],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '1', CANARY_RATE: '1' }, { tickMs: 100 }],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '1', CANARY_RATE: '40' }, { tickMs: 25 }],
  ])('plans %j as %j', (env, want) => {
    expect(plan(env)).toMatchObject(want);
  });

  it('chaos mode defaults to the six StatefulSet pods, 6 rounds, 10 minutes to recover; the namespace from POD_NAMESPACE', () => {
    const c = config({ CANARY_MODE: 'chaos', POD_NAMESPACE: 'kafka' });
    expect(c).toMatchObject({ chaosPods: ['kafka-0', 'kafka-1', 'kafka-2', 'zoo-0', 'zoo-1', 'zoo-2'], chaosRounds: 6, chaosRecoveryTimeout: 600_000, chaosNamespace: 'kafka' });
    expect(plan({ CANARY_MODE: 'chaos' }).mode).toBe('chaos');
  });

  it('reads a bootstrap list', () => {
    expect(config({ CANARY_BOOTSTRAP: 'kafka-0.broker:9092, kafka-1.broker:9092,[::1]:9092' }).bootstrap).toEqual(['kafka-0.broker:9092', 'kafka-1.broker:9092', '[::1]:9092']);
  });

  it.each([
    [{ CANARY_MODE: 'job' }, 'CANARY_DURATION', 'job mode needs an end: set $CANARY_DURATION (e.g. 5m) or $CANARY_MESSAGES (e.g. 10000), or both'],
    [{ CANARY_DURATION: '5m' }, 'CANARY_DURATION', '$CANARY_DURATION applies to job mode only: set CANARY_MODE=job, or unset $CANARY_DURATION'],
    [{ CANARY_MESSAGES: '10' }, 'CANARY_MESSAGES', '$CANARY_MESSAGES applies to job mode only'],
    [{ CANARY_MODE: 'batch' }, 'CANARY_MODE', 'invalid setting --canary-mode ($CANARY_MODE): must be one of service, job, chaos, got "batch"'],
    [{ CANARY_BOOTSTRAP: 'kafka' }, 'CANARY_BOOTSTRAP', 'invalid setting --canary-bootstrap ($CANARY_BOOTSTRAP): must be host:port[,host:port...] (e.g. kafka:9092), got "kafka"'],
    [{ CANARY_BOOTSTRAP: ' , ' }, 'CANARY_BOOTSTRAP', 'must list at least one host:port'],
    [{ CANARY_TOPIC: 'my topic' }, 'CANARY_TOPIC', 'invalid setting --canary-topic ($CANARY_TOPIC): must be a Kafka topic name'],
    [{ CANARY_TOPIC: '..' }, 'CANARY_TOPIC', 'must be a Kafka topic name'],
    [{ CANARY_GROUP: 'a/b' }, 'CANARY_GROUP', 'invalid setting --canary-group ($CANARY_GROUP)'],
    [{ CANARY_RATE: '0' }, 'CANARY_RATE', 'invalid setting --canary-rate ($CANARY_RATE): must be an integer from 1 to 10000, got 0'],
    [{ CANARY_RATE: 'fast' }, 'CANARY_RATE', 'must be an integer from 1 to 10000'],
    [{ CANARY_MODE: 'job', CANARY_DURATION: '10' }, 'CANARY_DURATION', 'must be a duration like 500ms, 5s, 2m or 1h, got "10"'],
    [{ CANARY_MODE: 'job', CANARY_DURATION: '500ms' }, 'CANARY_DURATION', 'must be at least 1s, got 500ms'],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '0' }, 'CANARY_MESSAGES', 'invalid setting --canary-messages ($CANARY_MESSAGES): must be a positive integer, got "0"'],
    [{ CANARY_MODE: 'job', CANARY_MESSAGES: '-5' }, 'CANARY_MESSAGES', 'must be a positive integer'],
    [{ CANARY_PORT: '70000' }, 'CANARY_PORT', 'must be a TCP port from 1 to 65535'],
    [{ CANARY_MODE: 'chaos', CANARY_DURATION: '5m' }, 'CANARY_DURATION', '$CANARY_DURATION applies to job mode only'],
    [{ CANARY_MODE: 'chaos', CANARY_CHAOS_PODS: ' , ' }, 'CANARY_CHAOS_PODS', 'invalid setting --canary-chaos-pods ($CANARY_CHAOS_PODS): must list at least one item'],
    [{ CANARY_MODE: 'chaos', CANARY_CHAOS_PODS: 'kafka-0,kafka-0' }, 'CANARY_CHAOS_PODS', 'lists kafka-0 twice'],
    [{ CANARY_MODE: 'chaos', CANARY_CHAOS_ROUNDS: '0' }, 'CANARY_CHAOS_ROUNDS', 'must be an integer from 1 to 1000, got 0'],
    [{ CANARY_SERVICE_ACCOUNT_DIR: 'sa' }, 'CANARY_SERVICE_ACCOUNT_DIR', 'must be an absolute path'],
    [{ CANARY_LOSS_GRACE: '10ms' }, 'CANARY_LOSS_GRACE', 'invalid setting --canary-loss-grace ($CANARY_LOSS_GRACE): must be at least 100ms'],
  ])('%j is refused, naming %s: %s', (env, setting, message) => {
    let err: unknown;
    try {
      plan(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).setting).toBe(setting);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as Error).message).toContain(message);
  });
});
