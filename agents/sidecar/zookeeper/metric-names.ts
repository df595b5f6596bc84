/**
 * Prometheus names for mntr keys: zk_<key> becomes zookeeper_<key> with a base
 * unit. ZooKeeper reports latencies and other times in milliseconds; they are
 * exported in seconds with a _seconds suffix. Sizes of data in bytes get
 * _bytes. Counts (zk_cnt_x, x_count) keep their names. Pure.
 */

export interface SeriesName {
  readonly name: string;
  /** Divide the mntr value by this to get the base unit. */
  readonly divisor: number;
  readonly help: string;
}

export const ZK_NAMESPACE = 'zookeeper';

/** Statistic prefixes of summary keys: zk_avg_x, zk_cnt_x, ..., and quantiles zk_p99_x. */
const STAT_PREFIX = /^(avg|min|max|sum|cnt|p\d+)_/;

/** The measured thing of a key without its statistic: "avg_fsynctime" -> "fsynctime". */
function stemOf(base: string): { stem: string; stat: string | undefined } {
  return { stem: base.replace(STAT_PREFIX, ''), stat: STAT_PREFIX.exec(base)?.[1] };
}

function isTime(stem: string): boolean {
  return stem.includes('latency') || /(time|time_ms|uptime)$/.test(stem);
}

function isBytes(stem: string): boolean {
  return /(data_size|proposal_size|response_size|_bytes)$/.test(stem);
}

/** The series for a numeric mntr key; keys are not otherwise changed, so dashboards can find them. */
export function mntrSeriesName(key: string): SeriesName {
  const base = key
    .replace(/^zk_/, '')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
  const { stem, stat } = stemOf(base);
  const count = stat === 'cnt' || /(_cnt|_count)$/.test(base);
  if (!count && isTime(stem)) {
    return {
      name: `${ZK_NAMESPACE}_${base.replace(/_ms$/, '')}_seconds`,
      divisor: 1000,
      help: `ZooKeeper mntr ${key} (reported in ms), in seconds`,
    };
  }
  if (!count && isBytes(stem)) {
    return { name: `${ZK_NAMESPACE}_${base.replace(/_bytes$/, '')}_bytes`, divisor: 1, help: `ZooKeeper mntr ${key}, in bytes` };
  }
  return { name: `${ZK_NAMESPACE}_${base}`, divisor: 1, help: `ZooKeeper mntr ${key}` };
}
