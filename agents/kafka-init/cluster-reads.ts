/**
 * The Kubernetes API reads kafka-init makes, each at most once and only when asked: the node (for the
 * rack label or its address) and the broker's own Service (for its nodePort, port or load-balancer
 * address). The connection is made on the first read, so a plan that needs nothing from the API never
 * loads a service account. In loadbalancer mode it waits, within KAFKA_EXTERNAL_LB_WAIT, for the cloud
 * to assign an address. Every object is checked for its shape as it is read (kube/decode.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentError } from '../lib/exit-codes.ts';
import type { Logger } from '../lib/log.ts';
import { showDuration } from '../lib/config/index.ts';
import { loadBalancerHost } from './external/service.ts';
import type { KubeClient } from './kube/client.ts';
import { decodeNode, decodeService } from './kube/decode.ts';
import type { KubeNode, KubeService } from './kube/types.ts';

export interface ClusterReads {
  node(name: string): Promise<KubeNode>;
  service(name: string): Promise<KubeService>;
  /** The Service's load-balancer address (hostname before ip), once the cloud has assigned one. */
  loadBalancerHost(name: string): Promise<string>;
}

export interface ClusterReadOptions {
  readonly namespace: string;
  readonly loadBalancerWaitMs: number;
  readonly loadBalancerPollMs: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = load(key)));
    return p;
  };
}

export function clusterReads(connect: () => Promise<KubeClient>, opts: ClusterReadOptions): ClusterReads {
  const client = memo(() => connect());
  const readService = (name: string) => client('').then(async (c) => decodeService(await c.get<unknown>({ kind: 'service', name, namespace: opts.namespace }), name));
  const service = memo(readService);
  return {
    node: memo((name) => client('').then(async (c) => decodeNode(await c.get<unknown>({ kind: 'node', name }), name))),
    service,
    loadBalancerHost: memo(async (name) => waitForLoadBalancer(await service(name), () => readService(name), name, opts)),
  };
}

/** Reads the Service again every poll interval until it has a load-balancer address, within the wait. */
async function waitForLoadBalancer(
  first: KubeService,
  read: () => Promise<KubeService>,
  serviceName: string,
  opts: ClusterReadOptions,
): Promise<string> {
  const deadline = Date.now() + opts.loadBalancerWaitMs;
  let service = first;
  for (;;) {
    const host = loadBalancerHost(service, serviceName);
    if (host !== undefined) return host;
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
}
