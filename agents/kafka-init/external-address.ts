/** The EXTERNAL listener's advertised host and port, from the plan and what the API returned. Pure. */
import { AgentError } from '../lib/exit-codes.ts';
import type { ExternalPlan } from './external.ts';
import { externalServicePort, loadBalancerHost, nodePortOf } from './external-service.ts';
import type { KubeNode, KubeService } from './kube/types.ts';
import { chooseNodeAddress } from './node-address.ts';

export interface Found {
  readonly nodeName?: string;
  readonly node?: KubeNode;
  readonly service?: KubeService;
}

export interface ExternalAddress {
  readonly host: string;
  readonly port: number;
  readonly warnings: readonly string[];
  /** For the log: where host and port came from, e.g. "InternalIP of node n1". */
  readonly hostFrom: string;
  readonly portFrom: string;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new AgentError('E_INTERNAL', `${what} was not read`);
  return value;
}

export function externalAddress(plan: ExternalPlan, found: Found, addressTypes: readonly string[]): ExternalAddress {
  const warnings: string[] = [];
  let host: string;
  let hostFrom: string = plan.hostFrom;
  if (plan.host !== undefined) {
    host = plan.host;
  } else if (plan.hostFrom === 'node') {
    const nodeName = need(found.nodeName, 'the node');
    const choice = chooseNodeAddress(nodeName, need(found.node, 'the node').status?.addresses ?? [], addressTypes);
    if (choice.alsoOfType.length > 0) {
      warnings.push(`node ${nodeName} has several ${choice.type} addresses; advertising the first, ${choice.address} (not ${choice.alsoOfType.join(', ')}); set KAFKA_EXTERNAL_HOST to choose`);
    }
    host = choice.address;
    hostFrom = `${choice.type} of node ${nodeName}`;
  } else {
    const lb = loadBalancerHost(need(found.service, 'the Service'));
    host = need(lb, 'the load-balancer address');
    hostFrom = `load balancer of Service ${plan.serviceName}`;
  }

  let port: number;
  let portFrom: string = plan.portFrom;
  if (plan.port !== undefined) {
    port = plan.port;
  } else if (plan.portFrom === 'nodePort') {
    port = nodePortOf(need(found.service, 'the Service'), plan.serviceName!, plan.containerPort);
    portFrom = `nodePort of Service ${plan.serviceName}`;
  } else {
    port = externalServicePort(need(found.service, 'the Service'), plan.serviceName!, plan.containerPort).port;
    portFrom = `port of Service ${plan.serviceName}`;
  }
  return { host, port, warnings, hostFrom, portFrom };
}
