import { describe, expect, it } from 'vitest';
import { mntrNumber, parseMntr } from '../../../agents/sidecar/zookeeper/mntr.ts';
import { mntrSeriesName } from '../../../agents/sidecar/zookeeper/metric-names.ts';
import { fixture } from '../../support/fixtures.ts';

describe('parseMntr', () => {
  it('reads every key of a real leader reply', () => {
    const m = parseMntr(fixture('sidecar/mntr-leader.txt'));
    expect(m.get('zk_server_state')).toBe('leader');
    expect(m.get('zk_synced_followers')).toBe('2');
    expect(m.get('zk_version')).toMatch(/^3\.8\.0/);
    expect(m.size).toBe(fixture('sidecar/mntr-leader.txt').trim().split('\n').length);
  });

  it.each([
    ['not serving', 'This ZooKeeper instance is not currently serving requests\n', 0],
    ['empty', '', 0],
    ['CRLF and spaces', 'zk_znode_count 5\r\nzk_watch_count\t0\r\n', 2],
  ])('%s', (_name, text, size) => {
    expect(parseMntr(text).size).toBe(size);
  });
});

describe('mntrNumber', () => {
  it.each([
    ['0', 0],
    ['0.0', 0],
    ['358.0', 358],
    ['-1', -1],
    ['1e3', 1000],
    ['leader', undefined],
    ['3.8.0-abc, built on 2024', undefined],
    ['', undefined],
  ])('%j -> %j', (raw, want) => {
    expect(mntrNumber(raw)).toBe(want);
  });
});

describe('mntrSeriesName (Prometheus names and base units)', () => {
  it.each([
    ['zk_avg_latency', 'zookeeper_avg_latency_seconds', 1000],
    ['zk_max_latency', 'zookeeper_max_latency_seconds', 1000],
    ['zk_p99_readlatency', 'zookeeper_p99_readlatency_seconds', 1000],
    ['zk_uptime', 'zookeeper_uptime_seconds', 1000],
    ['zk_leader_uptime', 'zookeeper_leader_uptime_seconds', 1000],
    ['zk_avg_fsynctime', 'zookeeper_avg_fsynctime_seconds', 1000],
    ['zk_p50_jvm_pause_time_ms', 'zookeeper_p50_jvm_pause_time_seconds', 1000],
    ['zk_cnt_fsynctime', 'zookeeper_cnt_fsynctime', 1],
    ['zk_approximate_data_size', 'zookeeper_approximate_data_size_bytes', 1],
    ['zk_last_proposal_size', 'zookeeper_last_proposal_size_bytes', 1],
    ['zk_watch_bytes', 'zookeeper_watch_bytes', 1],
    ['zk_quorum_size', 'zookeeper_quorum_size', 1],
    ['zk_sync_processor_queue_size', 'zookeeper_sync_processor_queue_size', 1],
    ['zk_znode_count', 'zookeeper_znode_count', 1],
    ['zk_followers', 'zookeeper_followers', 1],
    ['zk_synced_followers', 'zookeeper_synced_followers', 1],
    ['zk_outstanding_requests', 'zookeeper_outstanding_requests', 1],
    ['zk_bytes_received_count', 'zookeeper_bytes_received_count', 1],
  ])('%s -> %s (divide by %d)', (key, name, divisor) => {
    const s = mntrSeriesName(key);
    expect(s.name).toBe(name);
    expect(s.divisor).toBe(divisor);
  });

  it('gives every key of a real reply a valid, distinct Prometheus name', () => {
    const keys = [...parseMntr(fixture('sidecar/mntr-leader.txt')).keys()];
    const names = keys.map((k) => mntrSeriesName(k).name);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    expect(new Set(names).size).toBe(names.length);
  });
});
