/**
 * Sidecars beside the nodes of a real KRaft cluster (test/support/kraft.ts), each reading its node's own
 * server.properties as the pod's sidecar reads the one kafka-init wrote, for the kraft-mode tests.
 */
import type { KraftNode } from '../../../support/kraft.ts';
import { startTestSidecar } from '../../../support/sidecar.ts';
import { kafkaToolOk } from '../../../support/kafka.ts';
import { KAFKA_KRAFT_VERSION } from '../../../support/versions.ts';

export type TestSidecar = Awaited<ReturnType<typeof startTestSidecar>>;

/** Quick rounds, so a test sees a change within a second or two; generous time limits for a busy machine. */
export const KRAFT_SIDECAR_ENV = {
  SIDECAR_MODE: 'kafka',
  SIDECAR_KAFKA_METADATA_MODE: 'kraft',
  SIDECAR_CHECK_INTERVAL: '250ms',
  SIDECAR_CHECK_TIMEOUT: '2s',
  SIDECAR_METRICS_INTERVAL: '1s',
  SIDECAR_METRICS_TIMEOUT: '15s',
  SIDECAR_METRICS_CACHE_TTL: '0s',
  SIDECAR_ISR_MAX_WAIT: '0s',
} as const;

export function startSidecarForNode(node: KraftNode, env: Record<string, string> = {}): Promise<TestSidecar> {
  return startTestSidecar({ ...KRAFT_SIDECAR_ENV, SIDECAR_KAFKA_CONFIG_FILE: node.propertiesFile, POD_NAME: `node-${node.id}`, ...env });
}

/** A Kafka 4.x tool, as kafkaToolOk runs it. */
export const kraftTool = (tool: string, args: readonly string[]) => kafkaToolOk(tool, args, { version: KAFKA_KRAFT_VERSION });

/** kafka-metadata-quorum describe --status: the leader id and epoch, as Kafka's own tool prints them. */
export async function quorumStatus(controllerBootstrap: string): Promise<{ leader: number; epoch: number; highWatermark: number }> {
  const out = await kraftTool('kafka-metadata-quorum', ['--bootstrap-controller', controllerBootstrap, 'describe', '--status']);
  const num = (key: string) => Number(new RegExp(`^${key}:\\s+(-?\\d+)`, 'm').exec(out)?.[1]);
  return { leader: num('LeaderId'), epoch: num('LeaderEpoch'), highWatermark: num('HighWatermark') };
}

/** Values that differ from run to run replaced, and each family's samples sorted (checks record in the order they finish). */
export function normalizeMetrics(text: string, ports: readonly string[]): string {
  let out = text;
  for (const p of ports) out = out.split(`:${p}`).join(':<port>');
  const moving = /^(kafka_quorum_(high_watermark|voter_log_end_offset)|sidecar_check_duration_seconds)[{ ]/;
  const blocks = out
    .trimEnd()
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n').map((l) => (moving.test(l) ? l.replace(/ \S+$/, ' <n>') : l));
      return [...lines.filter((l) => l.startsWith('#')), ...lines.filter((l) => !l.startsWith('#')).sort()].join('\n');
    });
  return `${blocks.join('\n\n')}\n`;
}
