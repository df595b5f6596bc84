/**
 * The EXTERNAL listener's plan: for the advertised host and for the port, where it comes from. A value
 * known from the settings is in the plan; one the Kubernetes API must give names what to read (the node,
 * or the broker's own Service). Explicit KAFKA_EXTERNAL_HOST / KAFKA_EXTERNAL_PORT win over discovery. Pure.
 */
import { ConfigError } from '../../lib/exit-codes.ts';
import { isHostName } from '../../lib/dns.ts';
import { expandOrdinalTemplate } from '../ordinal-template.ts';
import type { ExternalMode } from '../settings.ts';

export interface ExternalSettings {
  readonly externalMode: ExternalMode;
  readonly externalContainerPort: number;
  readonly externalServiceTemplate: string;
  readonly externalHost: string | undefined;
  readonly externalPort: string | undefined;
  readonly externalHostPort: number;
  readonly hostIp: string | undefined;
  readonly internalPort: number;
  readonly nodeName: string | undefined;
}

/** Where the advertised host comes from: a setting, or what the API says of the node or the Service. */
export type HostPlan =
  | { readonly from: 'KAFKA_EXTERNAL_HOST' | 'HOST_IP'; readonly host: string }
  | { readonly from: 'node'; readonly node: string }
  | { readonly from: 'loadBalancer'; readonly service: string };

/** Where the advertised port comes from: a setting, or a port of the broker's own Service. */
export type PortPlan =
  | { readonly from: 'KAFKA_EXTERNAL_PORT' | 'KAFKA_EXTERNAL_HOSTPORT'; readonly port: number }
  | { readonly from: 'nodePort' | 'servicePort'; readonly service: string };

export interface ExternalPlan {
  readonly mode: Exclude<ExternalMode, 'none'>;
  readonly containerPort: number;
  readonly host: HostPlan;
  readonly port: PortPlan;
}

/** The broker's own Service, when the host or the port comes from it. */
export function externalServiceName(plan: ExternalPlan): string | undefined {
  if (plan.host.from === 'loadBalancer') return plan.host.service;
  if (plan.port.from === 'nodePort' || plan.port.from === 'servicePort') return plan.port.service;
  return undefined;
}

function checkHost(host: string, from: string): string {
  const h = host.replace(/\.$/, '');
  if (!isHostName(h)) {
    throw new ConfigError(`${from} gives host ${JSON.stringify(host)}, which is neither an IP address nor a DNS name`, from);
  }
  return h;
}

function checkPort(text: string, from: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new ConfigError(`${from} gives port ${JSON.stringify(text)} for this broker; it must be a TCP port from 1 to 65535`, from);
  return n;
}

function serviceName(template: string, ordinal: number): string {
  const name = expandOrdinalTemplate(template, ordinal);
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    throw new ConfigError(`KAFKA_EXTERNAL_SERVICE_TEMPLATE gives ${JSON.stringify(name)}, which is not a valid Service name (a DNS label starting with a letter)`, 'KAFKA_EXTERNAL_SERVICE_TEMPLATE');
  }
  return name;
}

/** Throws ConfigError for settings that cannot work together; undefined when external access is off. */
export function planExternal(s: ExternalSettings, ordinal: number): ExternalPlan | undefined {
  const mode = s.externalMode;
  if (mode === 'none') {
    for (const [env, v] of [['KAFKA_EXTERNAL_HOST', s.externalHost], ['KAFKA_EXTERNAL_PORT', s.externalPort]] as const) {
      if (v !== undefined) throw new ConfigError(`${env} is set but KAFKA_EXTERNAL_MODE is none: set KAFKA_EXTERNAL_MODE (nodeport, loadbalancer or hostport), or unset ${env}`, env);
    }
    return undefined;
  }
  if (s.externalContainerPort === s.internalPort) {
    throw new ConfigError(`KAFKA_EXTERNAL_CONTAINER_PORT and KAFKA_INTERNAL_PORT are both ${s.internalPort}: each listener needs its own port`, 'KAFKA_EXTERNAL_CONTAINER_PORT');
  }
  const explicitHost = s.externalHost === undefined ? undefined : checkHost(expandOrdinalTemplate(s.externalHost, ordinal), 'KAFKA_EXTERNAL_HOST');
  const explicitPort = s.externalPort === undefined ? undefined : checkPort(expandOrdinalTemplate(s.externalPort, ordinal), 'KAFKA_EXTERNAL_PORT');

  const service = () => serviceName(s.externalServiceTemplate, ordinal);
  let host: HostPlan;
  let port: PortPlan;
  if (mode === 'hostport') {
    if (explicitHost !== undefined) host = { from: 'KAFKA_EXTERNAL_HOST', host: explicitHost };
    else if (s.hostIp !== undefined) host = { from: 'HOST_IP', host: checkHost(s.hostIp, 'HOST_IP') };
    else {
      throw new ConfigError('KAFKA_EXTERNAL_MODE is hostport but HOST_IP is not set: set HOST_IP from the downward API (fieldRef status.hostIP), or set KAFKA_EXTERNAL_HOST', 'HOST_IP');
    }
    port = explicitPort !== undefined ? { from: 'KAFKA_EXTERNAL_PORT', port: explicitPort } : { from: 'KAFKA_EXTERNAL_HOSTPORT', port: s.externalHostPort };
  } else {
    if (explicitHost !== undefined) host = { from: 'KAFKA_EXTERNAL_HOST', host: explicitHost };
    else if (mode === 'loadbalancer') host = { from: 'loadBalancer', service: service() };
    else if (s.nodeName !== undefined) host = { from: 'node', node: s.nodeName };
    else {
      throw new ConfigError(
        'NODE_NAME is not set, but nodeport mode advertises an address of the node: set NODE_NAME from the downward API (fieldRef spec.nodeName), or set KAFKA_EXTERNAL_HOST',
        'NODE_NAME',
      );
    }
    port = explicitPort !== undefined ? { from: 'KAFKA_EXTERNAL_PORT', port: explicitPort } : { from: mode === 'nodeport' ? 'nodePort' : 'servicePort', service: service() };
  }
  return { mode, containerPort: s.externalContainerPort, host, port };
}
