import { describe, expect, it } from 'vitest';
import { parseMntr } from '../../../agents/sidecar/zookeeper/mntr.ts';
import { zookeeperMetrics } from '../../../agents/sidecar/zookeeper/metrics.ts';
import { expectGolden } from '../../support/golden.ts';
import { fixture } from '../../support/fixtures.ts';

describe('zookeeper metrics from mntr', () => {
  it('renders a real leader reply as the golden /metrics text', async () => {
    const m = zookeeperMetrics();
    m.update(parseMntr(fixture('sidecar/mntr-leader.txt')));
    expectGolden('sidecar/zookeeper.metrics.txt', m.text());
  });

  it('exports state, followers and latencies in seconds', async () => {
    const m = zookeeperMetrics();
    const mntr = 'zk_version\t3.8.4-abc, built on x\nzk_server_state\tleader\nzk_avg_latency\t2.5\nzk_followers\t2\nzk_synced_followers\t2\n';
    m.update(parseMntr(mntr));
    const text = m.text();
    expect(text).toContain('zookeeper_up 1');
    expect(text).toContain('zookeeper_server_state{state="leader"} 1');
    expect(text).toContain('zookeeper_server_state{state="follower"} 0');
    expect(text).toContain('zookeeper_info{version="3.8.4-abc"} 1');
    expect(text).toContain('zookeeper_avg_latency_seconds 0.0025');
    expect(text).toContain('zookeeper_followers 2');
    expect(text).toContain('zookeeper_synced_followers 2');
  });

  it('drops series that are no longer reported, and everything but up=0 when mntr fails', async () => {
    const m = zookeeperMetrics();
    expect(m.text()).toBe('# HELP zookeeper_up Whether the local ZooKeeper answered mntr (1) or not (0)\n# TYPE zookeeper_up gauge\nzookeeper_up 0\n');
    m.update(parseMntr('zk_server_state\tleader\nzk_followers\t2\nzk_znode_count\t5\n'));
    m.update(parseMntr('zk_server_state\tfollower\nzk_znode_count\t5\n'));
    let text = m.text();
    expect(text).not.toContain('zookeeper_followers');
    expect(text).toContain('zookeeper_server_state{state="follower"} 1');
    m.update(undefined);
    text = m.text();
    expect(text).toContain('zookeeper_up 0');
    expect(text).not.toContain('zookeeper_znode_count');
    expect(text).not.toMatch(/zookeeper_server_state\{/);
  });
});
