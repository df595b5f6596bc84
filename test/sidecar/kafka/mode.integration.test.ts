// Integration: kafka mode against a real ZooKeeper and librdkafka's mock cluster as the local broker,
// for the states a real cluster cannot be made to hold on demand. The test stands in for the broker's
// registration and the controller's partition state, writing the znodes in Kafka's JSON; the
// registration is ephemeral, owned by its own session.
//
// Everything a real broker can be made to do is in real-cluster-readiness.integration.test.ts and
// real-cluster-metrics.integration.test.ts (ready, wrong endpoints, out of the ISR and back,
// SIDECAR_ISR_MAX_WAIT, ZooKeeper lost and back, a broker killed, the sharded metrics). What stays here:
// - the registration gone while the broker still answers: a real broker whose session expires registers
//   again on a new one at once, so its sidecar never sits in that state long enough to be seen;
// - a partition assigned to the broker whose state znode does not exist yet: a real controller writes
//   the state within milliseconds of the assignment (the real tests see it only in passing, when a
//   partition is added), and no broker can be made to keep it missing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKafkaIdentity, type KafkaIdentity } from '../../../agents/lib/kafka-identity.ts';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock.ts';
import {
  brokerRegistrationJson,
  closeZk,
  connectZk,
  createEphemeral,
  ensurePath,
  partitionStateJson,
  putZnode,
  topicAssignmentJson,
} from '../../support/kafka-znodes.ts';
import { startTestSidecar, waitForReadyz } from '../../support/sidecar.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../../support/zookeeper.ts';

const SELF = 1;
const CHROOT = '/kafka';
const INTERNAL = 'kafka-1.broker.kafka.svc.cluster.local:9092';
const EXTERNAL = '203.0.113.11:31091';
const ENDPOINTS = [`INTERNAL://${INTERNAL}`, `EXTERNAL://${EXTERNAL}`];
const ASSIGNMENT = { 0: [1, 2, 3], 1: [2, 3, 1], 2: [3, 1, 2], 3: [1, 3, 2] };

describe('kafka mode against real ZooKeeper and a mock broker', () => {
  let dir: string;
  let zk: LocalEnsemble;
  let mock: KafkaMock;
  let admin: Client;
  let brokerSession: Client | undefined;
  let sidecar: Awaited<ReturnType<typeof startTestSidecar>>;

  const register = async (endpoints: readonly string[]) => {
    if (brokerSession) await closeZk(brokerSession);
    brokerSession = await connectZk(zk.connectString);
    await createEphemeral(brokerSession, `${CHROOT}/brokers/ids/${SELF}`, brokerRegistrationJson({ endpoints, rack: 'zone-b' }));
  };
  const setIsr = (partition: number, isr: number[]) =>
    putZnode(admin, `${CHROOT}/brokers/topics/orders/partitions/${partition}/state`, partitionStateJson(isr[0]!, isr));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-kafka-'));
    [zk, mock] = await Promise.all([startLocalEnsemble(dir, 1), startKafkaMock(dir)]);
    admin = await connectZk(zk.connectString);
    await ensurePath(admin, `${CHROOT}/brokers/ids`);
    await putZnode(admin, `${CHROOT}/brokers/topics/orders`, topicAssignmentJson(ASSIGNMENT));
    for (const [p, replicas] of Object.entries(ASSIGNMENT)) await setIsr(Number(p), replicas);
    await register(ENDPOINTS);

    const identity: KafkaIdentity = {
      version: 1,
      brokerId: SELF,
      rack: 'zone-b',
      podName: 'kafka-1',
      advertisedListeners: { INTERNAL, EXTERNAL },
      listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT', EXTERNAL: 'PLAINTEXT' },
      interBrokerListenerName: 'INTERNAL',
      endpoints: ENDPOINTS,
      zookeeperConnect: `${zk.connectString}${CHROOT}`,
    };
    const identityFile = join(dir, 'identity.json');
    writeFileSync(identityFile, renderKafkaIdentity(identity));
    const local = mock.brokers.find((b) => b.nodeId === SELF)!;
    const env = {
      SIDECAR_MODE: 'kafka',
      SIDECAR_TARGET: `${local.host}:${local.port}`,
      SIDECAR_IDENTITY_FILE: identityFile,
      SIDECAR_CHECK_INTERVAL: '200ms',
      SIDECAR_CHECK_TIMEOUT: '1s',
      SIDECAR_METRICS_INTERVAL: '1s',
      SIDECAR_ZK_SESSION_TIMEOUT: '4s',
    };
    sidecar = await startTestSidecar(env);
  });

  afterAll(async () => {
    await sidecar?.stop();
    if (brokerSession) await closeZk(brokerSession);
    if (admin) await closeZk(admin);
    await mock?.stop();
    await zk?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is unready when the registration is gone (its session closed) while the broker answers, naming the znode', async () => {
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar');
    await closeZk(brokerSession!);
    brokerSession = undefined;
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar without registration');
    expect(line).toBe(`not ready: registration: /brokers/ids/${SELF} does not exist: broker ${SELF} is not registered in ZooKeeper`);
    await register(ENDPOINTS);
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar registered again');
  });

  it('is unready while a partition assigned to it has no state yet, naming it; ready once the controller writes it', async () => {
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar');
    await putZnode(admin, `${CHROOT}/brokers/topics/payments`, topicAssignmentJson({ 0: [2, 1] }));
    const missing = `broker ${SELF} is not in the ISR of 1 of its 5 partitions: catching up on payments-0`;
    expect(await waitForReadyz(sidecar.url, 503, 'kafka sidecar with a partition without state', 30_000, missing)).toMatch(
      new RegExp(`^not ready: isr: ${missing}; held back for \\d+s, and waits however long catching up takes`),
    );
    await putZnode(admin, `${CHROOT}/brokers/topics/payments/partitions/0/state`, partitionStateJson(2, [2, 1]));
    expect(await waitForReadyz(sidecar.url, 200, 'kafka sidecar with the state written')).toContain('in the ISR of all 5 partitions');
  });
});
