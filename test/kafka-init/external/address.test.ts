import { describe, expect, it } from 'vitest';
import type { ClusterReads } from '../../../agents/kafka-init/cluster-reads.ts';
import { externalAddress } from '../../../agents/kafka-init/external/address.ts';
import type { ExternalPlan } from '../../../agents/kafka-init/external/plan.ts';
import type { KubeNode, KubeService } from '../../../agents/kafka-init/kube/types.ts';

const NODE: KubeNode = { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'ExternalIP', address: '203.0.113.11' }, { type: 'ExternalIP', address: '203.0.113.99' }] } };
const SERVICE: KubeService = {
  metadata: { name: 'outside-1' },
  spec: { type: 'LoadBalancer', ports: [{ name: 'external', port: 9094, targetPort: 9094, nodePort: 32401 }] },
  status: { loadBalancer: { ingress: [{ hostname: 'lb-1.example.com' }] } },
};

/** Reads that record what was asked, so each case shows the API is asked only what its plan needs. */
function fakeReads(): ClusterReads & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    node: async (name) => (asked.push(`node ${name}`), NODE),
    service: async (name) => (asked.push(`service ${name}`), SERVICE),
    loadBalancerHost: async (name) => (asked.push(`load balancer ${name}`), 'lb-1.example.com'),
  };
}

const plan = (host: ExternalPlan['host'], port: ExternalPlan['port']): ExternalPlan => ({ mode: 'nodeport', containerPort: 9094, host, port });

describe('the EXTERNAL address from the plan and the API', () => {
  it.each([
    [
      'node address and nodePort',
      plan({ from: 'node', node: 'n1' }, { from: 'nodePort', service: 'outside-1' }),
      { host: '203.0.113.11', port: 32401, hostFrom: 'ExternalIP of node n1', portFrom: 'nodePort of Service outside-1' },
      ['node n1', 'service outside-1'],
    ],
    [
      'load balancer and Service port',
      plan({ from: 'loadBalancer', service: 'outside-1' }, { from: 'servicePort', service: 'outside-1' }),
      { host: 'lb-1.example.com', port: 9094, hostFrom: 'load balancer of Service outside-1', portFrom: 'port of Service outside-1' },
      ['load balancer outside-1', 'service outside-1'],
    ],
    [
      'both from settings',
      plan({ from: 'KAFKA_EXTERNAL_HOST', host: 'k1.example.com' }, { from: 'KAFKA_EXTERNAL_PORT', port: 31001 }),
      { host: 'k1.example.com', port: 31001, hostFrom: 'KAFKA_EXTERNAL_HOST', portFrom: 'KAFKA_EXTERNAL_PORT' },
      [],
    ],
    [
      'HOST_IP and the host port',
      plan({ from: 'HOST_IP', host: '10.0.0.11' }, { from: 'KAFKA_EXTERNAL_HOSTPORT', port: 9094 }),
      { host: '10.0.0.11', port: 9094, hostFrom: 'HOST_IP', portFrom: 'KAFKA_EXTERNAL_HOSTPORT' },
      [],
    ],
  ] as const)('%s', async (_name, p, expected, asked) => {
    const api = fakeReads();
    expect(await externalAddress(p, api, ['ExternalIP', 'InternalIP'])).toMatchObject(expected);
    expect(api.asked).toEqual(asked);
  });

  it('warns when the node has several addresses of the chosen type', async () => {
    const r = await externalAddress(plan({ from: 'node', node: 'n1' }, { from: 'KAFKA_EXTERNAL_PORT', port: 1 }), fakeReads(), ['ExternalIP']);
    expect(r.warnings).toEqual([expect.stringContaining('node n1 has several ExternalIP addresses; advertising the first, 203.0.113.11 (not 203.0.113.99)')]);
  });
});
