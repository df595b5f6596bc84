/** The EXTERNAL listener's advertised host and port: the plan's own values, or what the API says. */
import type { ClusterReads } from '../cluster-reads.ts';
import type { ExternalPlan, HostPlan, PortPlan } from './plan.ts';
import { externalServicePort, nodePortOf } from './service.ts';
import { chooseNodeAddress } from './node-address.ts';

export interface ExternalAddress {
  readonly host: string;
  readonly port: number;
  readonly warnings: readonly string[];
  /** For the log: where host and port came from, e.g. "InternalIP of node n1". */
  readonly hostFrom: string;
  readonly portFrom: string;
}

type Resolved<T> = { readonly value: T; readonly from: string; readonly warnings?: readonly string[] };

async function resolveHost(plan: HostPlan, api: ClusterReads, addressTypes: readonly string[]): Promise<Resolved<string>> {
  switch (plan.from) {
    case 'KAFKA_EXTERNAL_HOST':
    case 'HOST_IP':
      return { value: plan.host, from: plan.from };
    case 'node': {
      const node = await api.node(plan.node);
      const choice = chooseNodeAddress(plan.node, node.status?.addresses ?? [], addressTypes);
      const warnings =
        choice.alsoOfType.length > 0
          ? [`node ${plan.node} has several ${choice.type} addresses; advertising the first, ${choice.address} (not ${choice.alsoOfType.join(', ')}); set KAFKA_EXTERNAL_HOST to choose`]
          : [];
      return { value: choice.address, from: `${choice.type} of node ${plan.node}`, warnings };
    }
    case 'loadBalancer':
      return { value: await api.loadBalancerHost(plan.service), from: `load balancer of Service ${plan.service}` };
  }
}

async function resolvePort(plan: PortPlan, containerPort: number, api: ClusterReads): Promise<Resolved<number>> {
  switch (plan.from) {
    case 'KAFKA_EXTERNAL_PORT':
    case 'KAFKA_EXTERNAL_HOSTPORT':
      return { value: plan.port, from: plan.from };
    case 'nodePort':
      return { value: nodePortOf(await api.service(plan.service), plan.service, containerPort), from: `nodePort of Service ${plan.service}` };
    case 'servicePort':
      return { value: externalServicePort(await api.service(plan.service), plan.service, containerPort).port, from: `port of Service ${plan.service}` };
  }
}

export async function externalAddress(plan: ExternalPlan, api: ClusterReads, addressTypes: readonly string[]): Promise<ExternalAddress> {
  // The host first: in loadbalancer mode it waits for the address; the port comes from the same read.
  const host = await resolveHost(plan.host, api, addressTypes);
  const port = await resolvePort(plan.port, plan.containerPort, api);
  return { host: host.value, port: port.value, warnings: host.warnings ?? [], hostFrom: host.from, portFrom: port.from };
}
