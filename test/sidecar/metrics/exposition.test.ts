import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatValue, renderGauges } from '../../../agents/sidecar/metrics/exposition.ts';

describe('exposition', () => {
  it('renders gauges exactly as prom-client does', async () => {
    const registry = new Registry();
    const a = new Gauge({ name: 'a_value', help: 'first \\ help\nline', labelNames: ['topic', 'partition'], registers: [registry] });
    a.set({ topic: 'we"ird\\name\n', partition: '0' }, 1.5);
    a.set({ topic: 'b', partition: '1' }, -1);
    new Gauge({ name: 'b_value', help: 'second', registers: [registry] }).set(3);
    const mine = renderGauges([
      { name: 'a_value', help: 'first \\ help\nline', samples: [[{ topic: 'we"ird\\name\n', partition: '0' }, 1.5], [{ topic: 'b', partition: '1' }, -1]] },
      { name: 'empty_value', help: 'left out', samples: [] },
      { name: 'b_value', help: 'second', samples: [[undefined, 3]] },
    ]);
    expect(mine).toBe(await registry.metrics());
  });

  const formatted: [number, string][] = [[0, '0'], [0.0025, '0.0025'], [-1, '-1'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf']];
  it.each(formatted)('formats %d as %s', (v, want) => {
    expect(formatValue(v)).toBe(want);
  });

  const escaped: Record<string, string> = { plain: 'plain', 'a"b': 'a\\"b', 'a\\b': 'a\\\\b', 'a\nb': 'a\\nb' };
  it.each(Object.entries(escaped))('escapes label value %j', (v, want) => {
    expect(escapeLabelValue(v)).toBe(want);
  });
});
