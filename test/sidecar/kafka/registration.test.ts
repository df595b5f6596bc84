import { describe, expect, it } from 'vitest';
import { endpointDifference, registrationOutcome } from '../../../agents/sidecar/kafka/registration.ts';
import { brokerRegistrationJson } from '../../support/kafka-znodes.ts';

const INTERNAL = 'INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092';
const EXTERNAL = 'EXTERNAL://203.0.113.10:31090';
const identity = { brokerId: 0, endpoints: [INTERNAL, EXTERNAL], rack: 'zone-a' };

describe('endpointDifference', () => {
  it.each([
    ['equal', [INTERNAL, EXTERNAL], undefined],
    ['equal in another order', [EXTERNAL, INTERNAL], undefined],
    ['wrong internal name', ['INTERNAL://kafka-0.wrong.kafka.svc.cluster.local:9092', EXTERNAL], 'registered INTERNAL://kafka-0.wrong.kafka.svc.cluster.local:9092 but expected ' + INTERNAL],
    ['wrong external port', [INTERNAL, 'EXTERNAL://203.0.113.10:31091'], 'registered EXTERNAL://203.0.113.10:31091 but expected ' + EXTERNAL],
    ['missing external', [INTERNAL], `listener EXTERNAL is not registered (expected ${EXTERNAL})`],
    ['an extra listener', [INTERNAL, EXTERNAL, 'PLAINTEXT://x:1'], 'registered an unexpected listener PLAINTEXT (PLAINTEXT://x:1)'],
    ['empty host (EXTERNAL://:30887)', [INTERNAL, 'EXTERNAL://:30887'], 'registered EXTERNAL://:30887 but expected ' + EXTERNAL],
  ])('%s', (_name, registered, want) => {
    expect(endpointDifference(identity.endpoints, registered)).toBe(want);
  });
});

describe('registrationOutcome', () => {
  const json = (endpoints: string[], rack: string | null = 'zone-a') => brokerRegistrationJson({ endpoints, rack, timestamp: 1_700_000_000_000 });
  it.each([
    ['registered as expected', json([INTERNAL, EXTERNAL]), true, `broker 0 registered as ${INTERNAL},${EXTERNAL}`],
    ['no znode', undefined, false, '/brokers/ids/0 does not exist: broker 0 is not registered in ZooKeeper'],
    ['wrong DNS name', json(['INTERNAL://kafka-0.old-name:9092', EXTERNAL]), false, '/brokers/ids/0 registered INTERNAL://kafka-0.old-name:9092 but expected ' + INTERNAL],
    ['wrong rack', json([INTERNAL, EXTERNAL], 'zone-b'), false, '/brokers/ids/0 has rack "zone-b" but expected "zone-a"'],
    ['not JSON', '{oops', false, '/brokers/ids/0 is not Kafka\'s registration JSON'],
  ])('%s', (_name, text, ok, reason) => {
    const out = registrationOutcome(identity, text);
    expect(out.ok).toBe(ok);
    expect(out.reason).toContain(reason);
  });
});
