/**
 * The Kubernetes API reads a plan needs, and nothing else: the node (for the
 * rack label or its address) and the broker's own Service (for its nodePort,
 * port or load-balancer address). In loadbalancer mode it waits, within
 * KAFKA_EXTERNAL_LB_WAIT, for the cloud to assign an address.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentError } from '../lib/exit-codes.ts';
import type { Logger } from '../lib/log.ts';
import { showDuration } from '../lib/config/index.ts';
import type { BrokerPlan } from './broker-plan.ts';
import { loadBalancerHost } from './external-service.ts';
import type { Found } from './external-address.ts';
import type { KubeClient } from './kube/client.ts';
import type { KubeNode, KubeService } from './kube/types.ts';

export interface DiscoverOptions {
  readonly namespace: string;
  readonly loadBalancerWaitMs: number;
  readonly loadBalancerPollMs: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

/** True when the plan needs the Kubernetes API at all. */
export function needsApi(plan: BrokerPlan): boolean {
  return plan.node !== undefined || plan.external?.serviceName !== undefined;
}

export async function discover(plan: BrokerPlan, client: KubeClient, opts: DiscoverOptions): Promise<Found> {
  const node = plan.node ? await client.get<KubeNode>({ kind: 'node', name: plan.node.name }) : undefined;
  const serviceName = plan.external?.serviceName;
  let service: KubeService | undefined;
  if (serviceName !== undefined) {
    const ref = { kind: 'service', name: serviceName, namespace: opts.namespace } as const;
    service = await client.get<KubeService>(ref);
    if (plan.external?.hostFrom === 'loadBalancer') service = await waitForLoadBalancer(service, () => client.get<KubeService>(ref), serviceName, opts);
  }
  return {
    ...(plan.node && { nodeName: plan.node.name }),
    ...(node && { node }),
    ...(service && { service }),
  };
}

/** Reads the Service again every poll interval until it has a load-balancer address, within the wait. */
async function waitForLoadBalancer(
  first: KubeService,
  read: () => Promise<KubeService>,
  serviceName: string,
  opts: DiscoverOptions,
): Promise<KubeService> {
  const deadline = Date.now() + opts.loadBalancerWaitMs;
  let service = first;
  while (loadBalancerHost(service) === undefined) {
    if (Date.now() + opts.loadBalancerPollMs > deadline) {
      throw new AgentError(
        'E_LB_TIMEOUT',
        `Service ${serviceName} has no load-balancer address (status.loadBalancer.ingress) after ${showDuration(opts.loadBalancerWaitMs)}: check its events (kubectl describe service ${serviceName}) for the cloud's load-balancer controller, raise KAFKA_EXTERNAL_LB_WAIT, or set KAFKA_EXTERNAL_HOST`,
      );
    }
    opts.log.info({ service: serviceName, retryInMs: opts.loadBalancerPollMs }, 'waiting for the load balancer address');
    await sleep(opts.loadBalancerPollMs, undefined, opts.signal ? { signal: opts.signal } : undefined);
    service = await read();
  }
  return service;
}
