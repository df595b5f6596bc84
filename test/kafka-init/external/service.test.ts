import { describe, expect, it } from 'vitest';
import { externalServicePort, loadBalancerHost, nodePortOf } from '../../../agents/kafka-init/external/service.ts';
import type { KubeService } from '../../../agents/kafka-init/kube/types.ts';

const svc = (ports: NonNullable<KubeService['spec']>['ports'], ingress?: Array<{ ip?: string; hostname?: string }>, type = 'NodePort'): KubeService => ({
  spec: { type, ports },
  status: { loadBalancer: ingress ? { ingress } : {} },
});

describe("the broker's Service", () => {
  it.each([
    ['the only port', svc([{ port: 1, targetPort: 2, nodePort: 30001 }]), 30001],
    ['the port targeting the container port', svc([{ port: 1, targetPort: 2, nodePort: 30001 }, { port: 9094, targetPort: 9094, nodePort: 30002 }]), 30002],
    ['a port without targetPort targets its own number', svc([{ port: 9094, nodePort: 30003 }, { port: 9095, nodePort: 30004 }]), 30003],
    ['the port targeting the port named external', svc([{ name: 'metrics', port: 9404, targetPort: 'metrics', nodePort: 30005 }, { name: 'x', port: 9094, targetPort: 'external', nodePort: 30006 }]), 30006],
    ['the port named external', svc([{ name: 'metrics', port: 9404, targetPort: 'metrics', nodePort: 30005 }, { name: 'external', port: 9094, targetPort: 'kafka-ext', nodePort: 30007 }]), 30007],
    ['the only port, whatever it targets', svc([{ name: 'external', port: 9094, targetPort: 'external', nodePort: 32400 }]), 32400],
  ])('nodePort of %s', (_name, service, nodePort) => {
    expect(nodePortOf(service, 'outside-0', 9094)).toBe(nodePort);
  });

  it.each([
    ['no ports', svc([]), /has no port targeting container port 9094.*its ports: none/],
    ['two ports, neither matching', svc([{ port: 1 }, { port: 2 }]), /has no port targeting/],
    ['two ports matching', svc([{ port: 1, targetPort: 9094 }, { port: 2, targetPort: 9094 }]), /has several ports targeting/],
  ])('%s is an error', (_name, service, message) => {
    expect(() => externalServicePort(service, 'outside-0', 9094)).toThrow(message);
  });

  it('a ClusterIP Service has no nodePort', () => {
    expect(() => nodePortOf(svc([{ port: 9094 }], undefined, 'ClusterIP'), 'outside-0', 9094)).toThrow(/has no nodePort \(type ClusterIP\): make it type NodePort/);
  });

  it.each([
    ['no status yet', undefined, undefined],
    ['an empty ingress list', [], undefined],
    ['an ip', [{ ip: '198.51.100.1' }], '198.51.100.1'],
    ['a hostname', [{ hostname: 'lb.example.com' }], 'lb.example.com'],
    ['a hostname listed after an ip', [{ ip: '198.51.100.1' }, { hostname: 'lb.example.com' }], 'lb.example.com'],
    ['the first of two ips', [{ ip: '198.51.100.1' }, { ip: '198.51.100.2' }], '198.51.100.1'],
  ])('load-balancer host with %s', (_name, ingress, host) => {
    expect(loadBalancerHost(svc([{ port: 9094 }], ingress, 'LoadBalancer'), 'outside-0')).toBe(host);
  });
});
