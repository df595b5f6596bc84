/**
 * sidecar: runs beside ZooKeeper or a Kafka broker. /readyz says whether the
 * server is safe to count as ready (serving in a quorum; registered with the
 * right endpoints and caught up), /metrics exports its metrics.
 */
import { main, type AgentSpec } from '../lib/run-agent.ts';
import { settings } from './settings.ts';
import { startSidecar } from './sidecar.ts';

export const sidecar: AgentSpec<typeof settings> = {
  name: 'sidecar',
  summary: 'readiness (/readyz) and Prometheus metrics (/metrics) for a ZooKeeper or Kafka pod',
  schema: settings,
  plan: () => undefined,
  async run({ config, log, signal }) {
    const running = await startSidecar(config, log);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await running.stop();
    log.info('stopped');
    return 0;
  },
};

main(sidecar);
