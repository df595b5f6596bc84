/** broker.rack from a node label. Pure. */
import { AgentError } from '../lib/exit-codes.ts';

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
  const value = labels?.[labelKey]?.trim();
  if (value) return { rack: value };
  const missing = `node ${nodeName} has no label ${labelKey}`;
  if (required) {
    throw new AgentError(
      'E_RACK_LABEL_MISSING',
      `${missing}, and KAFKA_RACK_REQUIRED is true: label the node (kubectl label node ${nodeName} ${labelKey}=<zone>), set KAFKA_RACK_LABEL to a label the nodes have, or set KAFKA_RACK_REQUIRED=false`,
    );
  }
  return { rack: null, warning: `${missing}; broker.rack is not set (set KAFKA_RACK_LABEL to a label the nodes have, or empty to turn racks off)` };
}
