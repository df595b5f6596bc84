/**
 * Reading a broker's own Service (nodeport and loadbalancer modes): which of
 * its ports carries the EXTERNAL listener, its nodePort, and the load
 * balancer's address. Pure.
 */
import { AgentError } from '../../lib/exit-codes.ts';
import { isIP } from 'node:net';
import { isHostName } from '../../lib/dns.ts';
import { badField } from '../kube/decode.ts';
import type { KubeService, ServicePort } from '../kube/types.ts';

function describePorts(ports: readonly ServicePort[]): string {
  return ports.map((p) => `${p.name ?? '(unnamed)'} ${p.port}->${p.targetPort ?? p.port}`).join(', ') || 'none';
}

/** The name the manifests give the EXTERNAL container port and Service port. */
export const EXTERNAL_PORT_NAME = 'external';

/**
 * The Service port that carries the EXTERNAL listener: the one targeting the
 * container port by number, else the one named (or targeting) "external",
 * else the only port.
 */
export function externalServicePort(service: KubeService, serviceName: string, containerPort: number): ServicePort {
  const ports = service.spec?.ports ?? [];
  let matching = ports.filter((p) => (p.targetPort ?? p.port) === containerPort);
  if (matching.length === 0) matching = ports.filter((p) => p.targetPort === EXTERNAL_PORT_NAME || p.name === EXTERNAL_PORT_NAME);
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0 && ports.length === 1) return ports[0]!;
  throw new AgentError(
    'E_SERVICE_PORT',
    `Service ${serviceName} has ${matching.length === 0 ? 'no port' : 'several ports'} targeting container port ${containerPort} (KAFKA_EXTERNAL_CONTAINER_PORT) (its ports: ${describePorts(ports)}): give it exactly one port with targetPort ${containerPort} or ${EXTERNAL_PORT_NAME}`,
  );
}

export function nodePortOf(service: KubeService, serviceName: string, containerPort: number): number {
  const port = externalServicePort(service, serviceName, containerPort);
  if (!port.nodePort) {
    throw new AgentError(
      'E_NO_NODE_PORT',
      `Service ${serviceName} port ${port.port} has no nodePort (type ${service.spec?.type ?? 'ClusterIP'}): make it type NodePort (or LoadBalancer), or set KAFKA_EXTERNAL_PORT`,
    );
  }
  return port.nodePort;
}

/** The load balancer's address, hostname before ip; undefined while the cloud has not assigned one. Throws for one that is no host. */
export function loadBalancerHost(service: KubeService, serviceName: string): string | undefined {
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  for (const field of ['hostname', 'ip'] as const) {
    const i = ingress.findIndex((x) => x[field]);
    if (i === -1) continue;
    const value = ingress[i]![field]!;
    const ok = field === 'ip' ? isIP(value) !== 0 : isHostName(value) && isIP(value) === 0;
    if (!ok) {
      throw badField(`Service ${serviceName}`, `status.loadBalancer.ingress[${i}].${field}`, `${JSON.stringify(value)} is not ${field === 'ip' ? 'an IP address' : 'a DNS name'}`);
    }
    return value.replace(/\.$/, '');
  }
  return undefined;
}
