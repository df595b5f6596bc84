/** broker.rack from a node label, checked to be a label value (the API object is untrusted). Pure. */
import { AgentError } from '../lib/exit-codes.ts';
import { badField } from './kube/decode.ts';

/** A Kubernetes label value: empty, or at most 63 characters, alphanumeric at both ends, [-_.A-Za-z0-9] between. */
export function isLabelValue(s: string): boolean {
  return s === '' || (s.length <= 63 && /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/.test(s));
}

export interface RackResult {
  readonly rack: string | null;
  /** Set when the label is missing and that is allowed. */
  readonly warning?: string;
}

export function rackFromLabels(
  nodeName: string,
  labels: Readonly<Record<string, string>> | undefined,
  labelKey: string,
  required: boolean,
): RackResult {
  const value = labels?.[labelKey];
  if (value !== undefined && value !== '') {
    if (!isLabelValue(value)) {
      throw badField(
        `node ${nodeName}`,
        `metadata.labels[${JSON.stringify(labelKey)}]`,
        `${JSON.stringify(value.slice(0, 80))} is not a valid label value (at most 63 characters, [A-Za-z0-9] at both ends, [-_.A-Za-z0-9] between)`,
      );
    }
    return { rack: value };
  }
  const missing = `node ${nodeName} has no label ${labelKey}`;
  if (required) {
    throw new AgentError(
      'E_RACK_LABEL_MISSING',
      `${missing}, and KAFKA_RACK_REQUIRED is true: label the node (kubectl label node ${nodeName} ${labelKey}=<zone>), set KAFKA_RACK_LABEL to a label the nodes have, or set KAFKA_RACK_REQUIRED=false`,
    );
  }
  return { rack: null, warning: `${missing}; broker.rack is not set (set KAFKA_RACK_LABEL to a label the nodes have, or empty to turn racks off)` };
}
