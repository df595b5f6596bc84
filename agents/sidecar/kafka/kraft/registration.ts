/**
 * Does the cluster know this broker as its config says? Each PLAINTEXT broker listener is asked
 * DescribeCluster on its own local port (an answer lists each broker with the host and port of the
 * listener it came in on), so every advertised endpoint is compared with what the cluster's metadata
 * holds, and the broker must be unfenced. Listeners with TLS or SASL are not asked yet. Pure.
 */
import { fail, pass, type CheckOutcome } from '../../checks/check.ts';
import type { DescribedCluster } from '../wire/describe-cluster.ts';
import type { Listener, NodeConfig } from './node-config.ts';
import { formatHostPort } from '../../../lib/kafka-identity.ts';

export const endpointText = (l: Pick<Listener, 'name'>, host: string, port: number) => `${l.name}://${formatHostPort(host, port)}`;

/** The listeners the check can ask (PLAINTEXT), and the others it names as not checked. */
export function askable(c: Pick<NodeConfig, 'brokerListeners'>): { ask: Listener[]; skipped: Listener[] } {
  return { ask: c.brokerListeners.filter((l) => l.protocol === 'PLAINTEXT'), skipped: c.brokerListeners.filter((l) => l.protocol !== 'PLAINTEXT') };
}

/** `answers`: one DescribeCluster answer per asked listener, in the order of askable().ask. */
export function kraftRegistrationOutcome(c: Pick<NodeConfig, 'nodeId' | 'rack' | 'brokerListeners'>, answers: ReadonlyArray<{ listener: Listener; answer: DescribedCluster }>): CheckOutcome {
  const id = c.nodeId;
  const seen: string[] = [];
  for (const { listener, answer } of answers) {
    if (answer.errorCode !== 0) return fail(`DescribeCluster on ${listener.name} failed with Kafka error code ${answer.errorCode}${answer.errorMessage ? ` (${answer.errorMessage})` : ''}`);
    const me = answer.nodes.find((n) => n.id === id);
    if (me === undefined) {
      const known = answer.nodes.map((n) => n.id).sort((a, b) => a - b);
      return fail(`broker ${id} is not registered: the cluster's metadata lists brokers ${known.length === 0 ? 'none' : known.join(',')}`);
    }
    const want = endpointText(listener, listener.advertised.host, listener.advertised.port);
    const have = endpointText(listener, me.host, me.port);
    if (have !== want) return fail(`broker ${id} is registered as ${have} but expected ${want}`, { registered: have, expected: want });
    if (c.rack !== null && me.rack !== c.rack) return fail(`broker ${id} is registered with rack ${JSON.stringify(me.rack)} but expected ${JSON.stringify(c.rack)}`);
    if (me.fenced) return fail(`broker ${id} is registered but fenced: the controller has not let it serve yet (catching up on metadata) or stopped hearing its heartbeats`);
    seen.push(have);
  }
  if (seen.length === 0) return fail(`broker ${id} has no PLAINTEXT listener to ask: ${c.brokerListeners.map((l) => `${l.name} is ${l.protocol}`).join(', ')}`);
  const { skipped } = askable(c);
  const unchecked = skipped.length === 0 ? '' : ` (${skipped.map((l) => `${l.name} ${l.protocol}`).join(', ')} not checked)`;
  return pass(`broker ${id} registered and unfenced as ${seen.join(',')}${unchecked}`);
}
