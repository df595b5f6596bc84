/**
 * A StatefulSet pod is named <set>-<ordinal>. This splits the name, with errors
 * that say what a valid name looks like.
 */
import { ConfigError } from './exit-codes.ts';

export interface PodIdentity {
  readonly podName: string;
  readonly setName: string;
  readonly ordinal: number;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parsePodName(podName: string, setting = 'POD_NAME'): PodIdentity {
  const name = podName.trim();
  if (name === '') {
    throw new ConfigError(`${setting} is empty: set it from the downward API (fieldRef metadata.name)`, setting);
  }
  // A pod's hostname is its name; a fully qualified name is cut at the first dot.
  const short = name.split('.')[0]!;
  if (short.length > 63 || !LABEL.test(short)) {
    throw new ConfigError(
      `${setting} ${JSON.stringify(name)} is not a valid pod name (lower-case letters, digits and '-', at most 63 characters)`,
      setting,
    );
  }
  const m = /^(.+)-(0|[1-9]\d*)$/.exec(short);
  if (!m) {
    throw new ConfigError(
      `${setting} ${JSON.stringify(name)} has no ordinal: StatefulSet pods are named <set>-<ordinal>, e.g. zoo-0; run this agent in a StatefulSet pod or set ${setting}`,
      setting,
    );
  }
  const ordinal = Number(m[2]);
  if (!Number.isSafeInteger(ordinal)) {
    throw new ConfigError(`${setting} ${JSON.stringify(name)} has an ordinal too large to use`, setting);
  }
  return Object.freeze({ podName: short, setName: m[1]!, ordinal });
}
