/**
 * The EXTERNAL listener's advertised address: what each mode takes from
 * settings, and what it must read from the Kubernetes API. Explicit
 * KAFKA_EXTERNAL_HOST / KAFKA_EXTERNAL_PORT win over discovery. Pure.
 */
import { isIP } from 'node:net';
import { ConfigError } from '../lib/exit-codes.ts';
import { isDnsName } from '../lib/dns.ts';
import { expandOrdinalTemplate } from './ordinal-template.ts';
import type { ExternalMode } from './settings.ts';

export interface ExternalSettings {
  readonly externalMode: ExternalMode;
  readonly externalContainerPort: number;
  readonly externalServiceTemplate: string;
  readonly externalHost: string | undefined;
  readonly externalPort: string | undefined;
  readonly externalHostPort: number;
  readonly hostIp: string | undefined;
  readonly internalPort: number;
}

export type HostSource = 'KAFKA_EXTERNAL_HOST' | 'HOST_IP' | 'node' | 'loadBalancer';
export type PortSource = 'KAFKA_EXTERNAL_PORT' | 'KAFKA_EXTERNAL_HOSTPORT' | 'nodePort' | 'servicePort';

export interface ExternalPlan {
  readonly mode: Exclude<ExternalMode, 'none'>;
  readonly containerPort: number;
  readonly hostFrom: HostSource;
  readonly portFrom: PortSource;
  /** Known without the API (from a setting or HOST_IP). */
  readonly host?: string;
  readonly port?: number;
  /** The broker's own Service, when host or port comes from it. */
  readonly serviceName?: string;
}

function checkHost(host: string, from: string): string {
  const h = host.replace(/\.$/, '');
  if (isIP(h) === 0 && !isDnsName(h.toLowerCase())) {
    throw new ConfigError(`${from} gives host ${JSON.stringify(host)}, which is neither an IP address nor a DNS name`, from);
  }
  return h;
}

function checkPort(text: string, from: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new ConfigError(`${from} gives port ${JSON.stringify(text)} for this broker; it must be a TCP port from 1 to 65535`, from);
  return n;
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

  let host: { from: HostSource; value?: string };
  let port: { from: PortSource; value?: number };
  if (mode === 'hostport') {
    if (explicitHost === undefined && s.hostIp === undefined) {
      throw new ConfigError('KAFKA_EXTERNAL_MODE is hostport but HOST_IP is not set: set HOST_IP from the downward API (fieldRef status.hostIP), or set KAFKA_EXTERNAL_HOST', 'HOST_IP');
    }
    host = explicitHost !== undefined ? { from: 'KAFKA_EXTERNAL_HOST', value: explicitHost } : { from: 'HOST_IP', value: s.hostIp };
    port = explicitPort !== undefined ? { from: 'KAFKA_EXTERNAL_PORT', value: explicitPort } : { from: 'KAFKA_EXTERNAL_HOSTPORT', value: s.externalHostPort };
  } else {
    host = explicitHost !== undefined ? { from: 'KAFKA_EXTERNAL_HOST', value: explicitHost } : { from: mode === 'nodeport' ? 'node' : 'loadBalancer' };
    port = explicitPort !== undefined ? { from: 'KAFKA_EXTERNAL_PORT', value: explicitPort } : { from: mode === 'nodeport' ? 'nodePort' : 'servicePort' };
  }
  const needsService = host.from === 'loadBalancer' || port.from === 'nodePort' || port.from === 'servicePort';
  let serviceName: string | undefined;
  if (needsService) {
    serviceName = expandOrdinalTemplate(s.externalServiceTemplate, ordinal);
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(serviceName) || serviceName.length > 63) {
      throw new ConfigError(`KAFKA_EXTERNAL_SERVICE_TEMPLATE gives ${JSON.stringify(serviceName)}, which is not a valid Service name (a DNS label starting with a letter)`, 'KAFKA_EXTERNAL_SERVICE_TEMPLATE');
    }
  }
  return {
    mode,
    containerPort: s.externalContainerPort,
    hostFrom: host.from,
    portFrom: port.from,
    ...(host.value !== undefined && { host: host.value }),
    ...(port.value !== undefined && { port: port.value }),
    ...(serviceName !== undefined && { serviceName }),
  };
}
