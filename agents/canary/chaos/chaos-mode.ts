/** chaos mode from the canary's settings: the pod API of its service account, then the rounds. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../../lib/config/index.ts';
import { ConfigError } from '../../lib/exit-codes.ts';
import type { Logger } from '../../lib/log.ts';
import type { CanaryConfig } from '../canary.ts';
import { podApi } from './pod-api.ts';
import { runChaos } from './run-chaos.ts';

/** How often a round reads the pods while it waits. */
const POLL_MS = 2000;

export async function runChaosMode(c: CanaryConfig, env: Env, log: Logger, signal: AbortSignal): Promise<number> {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new ConfigError('chaos mode calls the Kubernetes API from inside a pod: $KUBERNETES_SERVICE_HOST is not set (run it as the Job in manifests/test)', 'CANARY_MODE');
  const namespace =
    c.chaosNamespace ??
    (await readFile(join(c.serviceAccountDir, 'namespace'), 'utf8').then(
      (s) => s.trim(),
      () => {
        throw new ConfigError(`set $CANARY_CHAOS_NAMESPACE, or mount the service account at CANARY_SERVICE_ACCOUNT_DIR (${c.serviceAccountDir}): its namespace file cannot be read`, 'CANARY_CHAOS_NAMESPACE');
      },
    ));
  const api = await podApi({
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    namespace,
    tokenFile: join(c.serviceAccountDir, 'token'),
    caFile: join(c.serviceAccountDir, 'ca.crt'),
    timeoutMs: 10_000,
  }).catch((e: Error) => {
    throw new ConfigError(`the service account at CANARY_SERVICE_ACCOUNT_DIR (${c.serviceAccountDir}) cannot be read (${e.message}): give the Job a ServiceAccount and automountServiceAccountToken: true`, 'CANARY_SERVICE_ACCOUNT_DIR');
  });
  log.info({ namespace, pods: c.chaosPods, rounds: c.chaosRounds }, `chaos: ${c.chaosRounds} rounds over ${c.chaosPods.join(', ')} in namespace ${namespace}`);
  return runChaos(api, { pods: c.chaosPods, rounds: c.chaosRounds, recoveryTimeoutMs: c.chaosRecoveryTimeout, pauseMs: c.chaosPause, pollMs: POLL_MS }, log, signal);
}
