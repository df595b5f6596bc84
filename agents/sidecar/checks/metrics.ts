/** The metrics every check reports, and the sidecar's own readiness gauge. */
import { Gauge, type Registry } from 'prom-client';

export const METRIC_PREFIX = 'sidecar';

export interface CheckMetrics {
  record(check: string, ok: boolean, durationSeconds: number): void;
  ready(ok: boolean): void;
}

export function checkMetrics(registry: Registry): CheckMetrics {
  const success = new Gauge({
    name: `${METRIC_PREFIX}_check_success`,
    help: 'Whether the last run of the check succeeded (1) or failed (0)',
    labelNames: ['check'],
    registers: [registry],
  });
  const duration = new Gauge({
    name: `${METRIC_PREFIX}_check_duration_seconds`,
    help: 'How long the last run of the check took, in seconds',
    labelNames: ['check'],
    registers: [registry],
  });
  const ready = new Gauge({
    name: `${METRIC_PREFIX}_ready`,
    help: 'Whether /readyz answers 200 (1) or 503 (0)',
    registers: [registry],
  });
  ready.set(0);
  return {
    record(check, ok, durationSeconds) {
      success.set({ check }, ok ? 1 : 0);
      duration.set({ check }, durationSeconds);
    },
    ready(ok) {
      ready.set(ok ? 1 : 0);
    },
  };
}
