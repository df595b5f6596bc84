/** The EXTERNAL settings at their defaults, for tests of the plan. */
import type { ExternalSettings } from '../../../agents/kafka-init/external/plan.ts';

export const EXTERNAL_DEFAULTS: ExternalSettings = {
  externalMode: 'none',
  externalContainerPort: 9094,
  externalServiceTemplate: 'outside-{ordinal}',
  externalHost: undefined,
  externalPort: undefined,
  externalHostPort: 9094,
  hostIp: undefined,
  internalPort: 9092,
  nodeName: 'n2',
};
