/**
 * The listener keys of a KRaft node: a broker's INTERNAL (and EXTERNAL) listeners as in ZooKeeper
 * mode, plus the CONTROLLER listener on controllers, which brokers also need in their protocol map
 * to reach the quorum. Pure.
 */
import { formatHostPort } from '../lib/kafka-identity.ts';
import type { Listeners } from './listeners.ts';

export const CONTROLLER_LISTENER = 'CONTROLLER';

export interface ControllerListener {
  readonly bindPort: number;
  readonly advertisedHost: string;
  readonly advertisedPort: number;
}

/** listeners, advertised.listeners, listener.security.protocol.map, [inter.broker.listener.name], controller.listener.names. */
export function kraftListenerProperties(broker: Listeners | undefined, controller: ControllerListener | undefined): Array<readonly [string, string]> {
  const own = new Map<string, string>((broker?.properties ?? []).map(([k, v]) => [k, v]));
  const join = (key: string, more: string | undefined) => [own.get(key), more].filter((x): x is string => x !== undefined).join(',');
  const out: Array<readonly [string, string]> = [
    ['listeners', join('listeners', controller && `${CONTROLLER_LISTENER}://:${controller.bindPort}`)],
    ['advertised.listeners', join('advertised.listeners', controller && `${CONTROLLER_LISTENER}://${formatHostPort(controller.advertisedHost, controller.advertisedPort)}`)],
    ['listener.security.protocol.map', join('listener.security.protocol.map', `${CONTROLLER_LISTENER}:PLAINTEXT`)],
  ];
  if (broker) out.push(['inter.broker.listener.name', own.get('inter.broker.listener.name')!]);
  out.push(['controller.listener.names', CONTROLLER_LISTENER]);
  return out;
}
