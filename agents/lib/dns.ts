/** Checks for the DNS names Kubernetes builds from Service, namespace and cluster domain. */
import { isIP } from 'node:net';
import { InvalidValue } from './config/setting.ts';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(s: string): boolean {
  return s.length > 0 && s.length <= 63 && LABEL.test(s);
}

export function isDnsName(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every(isDnsLabel);
}

/** A parser for a setting that must be a DNS label (Service or namespace name). */
export function dnsLabel(raw: string): string {
  if (!isDnsLabel(raw)) {
    throw new InvalidValue(`must be a DNS label (lower-case letters, digits, '-', at most 63), got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** A parser for a setting that must be a DNS name (cluster domain). */
export function dnsName(raw: string): string {
  const s = raw.replace(/\.$/, '');
  if (!isDnsName(s)) throw new InvalidValue(`must be a DNS name like cluster.local, got ${JSON.stringify(raw)}`);
  return s;
}

/** <pod>.<service>.<namespace>.svc.<domain>: the stable name of a StatefulSet pod behind a headless Service. */
export function podFqdn(pod: string, service: string, namespace: string, clusterDomain: string): string {
  return `${pod}.${service}.${namespace}.svc.${clusterDomain}`;
}

/** A host a client can be told to use: a DNS name (any case, a final dot allowed) or an IP literal. */
export function isHostName(s: string): boolean {
  const h = s.replace(/\.$/, '');
  return isIP(h) !== 0 || isDnsName(h.toLowerCase());
}
