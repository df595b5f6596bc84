import { describe, expect, it } from 'vitest';
import { parseNodeConfig } from '../../../../agents/sidecar/kafka/kraft/node-config.ts';
import { askable, kraftRegistrationOutcome } from '../../../../agents/sidecar/kafka/kraft/registration.ts';
import type { ClusterNode, DescribedCluster } from '../../../../agents/sidecar/kafka/wire/describe-cluster.ts';

const config = parseNodeConfig(
  new Map(
    Object.entries({
      'node.id': '1',
      'process.roles': 'broker',
      listeners: 'INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:9094,SECURE://0.0.0.0:9095',
      'advertised.listeners': 'INTERNAL://kafka-1.broker:9092,EXTERNAL://203.0.113.10:32401,SECURE://kafka-1.example.com:9095',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,SECURE:SSL,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name': 'INTERNAL',
      'controller.listener.names': 'CONTROLLER',
      'broker.rack': 'zone-a',
    }),
  ),
);

const me = (host: string, port: number, o: Partial<ClusterNode> = {}): ClusterNode => ({ id: 1, host, port, rack: 'zone-a', fenced: false, ...o });
const answer = (nodes: ClusterNode[], o: Partial<DescribedCluster> = {}): DescribedCluster => ({ errorCode: 0, errorMessage: null, clusterId: 'c', controllerId: 2, nodes, ...o });
const other: ClusterNode = { id: 2, host: 'kafka-2.broker', port: 9092, rack: null, fenced: false };
const [internal, external] = askable(config).ask;

describe('KRaft broker registration', () => {
  it('asks the PLAINTEXT listeners and names the others as not checked', () => {
    expect(askable(config).ask.map((l) => l.name)).toEqual(['INTERNAL', 'EXTERNAL']);
    expect(askable(config).skipped.map((l) => l.name)).toEqual(['SECURE']);
  });

  it.each([
    ['every endpoint as advertised, unfenced', answer([me('kafka-1.broker', 9092), other]), answer([me('203.0.113.10', 32401)]), true,
      'broker 1 registered and unfenced as INTERNAL://kafka-1.broker:9092,EXTERNAL://203.0.113.10:32401 (SECURE SSL not checked)'],
    ['not in the metadata', answer([other]), answer([]), false, 'broker 1 is not registered: the cluster\'s metadata lists brokers 2'],
    ['no broker at all', answer([]), answer([]), false, 'broker 1 is not registered: the cluster\'s metadata lists brokers none'],
    ['fenced', answer([me('kafka-1.broker', 9092, { fenced: true })]), answer([me('203.0.113.10', 32401, { fenced: true })]), false,
      'broker 1 is registered but fenced: the controller has not let it serve yet (catching up on metadata) or stopped hearing its heartbeats'],
    ['another internal host', answer([me('kafka-1.old', 9092)]), answer([me('203.0.113.10', 32401)]), false, 'broker 1 is registered as INTERNAL://kafka-1.old:9092 but expected INTERNAL://kafka-1.broker:9092'],
    ['another external port', answer([me('kafka-1.broker', 9092)]), answer([me('203.0.113.10', 32400)]), false, 'broker 1 is registered as EXTERNAL://203.0.113.10:32400 but expected EXTERNAL://203.0.113.10:32401'],
    ['another rack', answer([me('kafka-1.broker', 9092, { rack: 'zone-b' })]), answer([me('203.0.113.10', 32401)]), false, 'broker 1 is registered with rack "zone-b" but expected "zone-a"'],
    ['an error', answer([], { errorCode: 29, errorMessage: 'denied' }), answer([]), false, 'DescribeCluster on INTERNAL failed with Kafka error code 29 (denied)'],
  ])('%s', (_what, onInternal, onExternal, ok, reason) => {
    const outcome = kraftRegistrationOutcome(config, [
      { listener: internal!, answer: onInternal },
      { listener: external!, answer: onExternal },
    ]);
    expect([outcome.ok, outcome.reason]).toEqual([ok, reason]);
  });
});
