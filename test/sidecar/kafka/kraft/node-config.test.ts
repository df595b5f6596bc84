import { describe, expect, it } from 'vitest';
import { InvalidNodeConfig, parseNodeConfig } from '../../../../agents/sidecar/kafka/kraft/node-config.ts';

const props = (o: Record<string, string>) => new Map(Object.entries(o));

const BROKER = {
  'node.id': '1',
  'process.roles': 'broker',
  listeners: 'INTERNAL://0.0.0.0:9092,EXTERNAL://:9094',
  'advertised.listeners': 'INTERNAL://kafka-1.broker.kafka.svc.cluster.local:9092,EXTERNAL://203.0.113.10:32401',
  'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT',
  'inter.broker.listener.name': 'INTERNAL',
  'controller.listener.names': 'CONTROLLER',
  'broker.rack': 'zone-a',
};
const CONTROLLER = {
  'node.id': '1000',
  'process.roles': 'controller',
  listeners: 'CONTROLLER://[::]:9093',
  'advertised.listeners': 'CONTROLLER://kafka-controller-0.kafka-controller.kafka.svc.cluster.local:9093',
  'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT',
  'controller.listener.names': 'CONTROLLER',
};

describe('the KRaft node config the sidecar reads', () => {
  it('a broker: its listeners reached on loopback, advertised as configured, the inter-broker one picked', () => {
    const c = parseNodeConfig(props(BROKER));
    expect(c).toMatchObject({ nodeId: 1, broker: true, controller: false, rack: 'zone-a', controllerListener: undefined });
    expect(c.brokerListeners).toEqual([
      { name: 'INTERNAL', protocol: 'PLAINTEXT', local: { host: '127.0.0.1', port: 9092 }, advertised: { host: 'kafka-1.broker.kafka.svc.cluster.local', port: 9092 } },
      { name: 'EXTERNAL', protocol: 'SASL_SSL', local: { host: '127.0.0.1', port: 9094 }, advertised: { host: '203.0.113.10', port: 32401 } },
    ]);
    expect(c.interBrokerListener?.name).toBe('INTERNAL');
  });

  it('a controller: its controller listener, an IPv6 wildcard reached on ::1', () => {
    const c = parseNodeConfig(props(CONTROLLER));
    expect(c).toMatchObject({ nodeId: 1000, broker: false, controller: true, rack: null, brokerListeners: [], interBrokerListener: undefined });
    expect(c.controllerListener).toEqual({ name: 'CONTROLLER', protocol: 'PLAINTEXT', local: { host: '::1', port: 9093 }, advertised: { host: 'kafka-controller-0.kafka-controller.kafka.svc.cluster.local', port: 9093 } });
  });

  it('a combined node: the controller listener is not a broker listener; unadvertised listeners advertise their bind address', () => {
    const c = parseNodeConfig(props({ 'node.id': '0', 'process.roles': 'broker,controller', listeners: 'PLAINTEXT://10.0.0.5:9092,CONTROLLER://10.0.0.5:9093', 'controller.listener.names': 'CONTROLLER', 'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT' }));
    expect(c.brokerListeners.map((l) => [l.name, l.local, l.advertised])).toEqual([['PLAINTEXT', { host: '10.0.0.5', port: 9092 }, { host: '10.0.0.5', port: 9092 }]]);
    expect(c.interBrokerListener?.name).toBe('PLAINTEXT');
    expect(c.controllerListener?.local).toEqual({ host: '10.0.0.5', port: 9093 });
  });

  it.each([
    [{ ...BROKER, 'node.id': undefined }, 'node.id must be a non-negative integer, got null: is this a KRaft node\'s config?'],
    [{ ...BROKER, 'node.id': '-1' }, 'node.id must be a non-negative integer, got "-1"'],
    [{ ...BROKER, 'process.roles': undefined }, 'process.roles must be broker, controller or broker,controller, got null'],
    [{ ...BROKER, 'process.roles': 'broker,zookeeper' }, 'process.roles must be broker, controller or broker,controller, got "broker,zookeeper"'],
    [{ ...BROKER, listeners: 'INTERNAL:9092' }, 'listeners: "INTERNAL:9092" is not NAME://host:port'],
    [{ ...BROKER, 'inter.broker.listener.name': 'REPLICATION' }, 'inter.broker.listener.name REPLICATION is not a broker listener in listeners'],
    [{ ...BROKER, 'listener.security.protocol.map': 'INTERNAL:PLAINTEXT' }, 'listener EXTERNAL has no security protocol in listener.security.protocol.map'],
    [{ ...CONTROLLER, 'controller.listener.names': '' }, 'controller.listener.names is empty on a node with the controller role'],
    [{ ...CONTROLLER, 'controller.listener.names': 'CTRL' }, 'listener CTRL is not in listeners (CONTROLLER://[::]:9093)'],
  ])('%j is refused: %s', (o, message) => {
    const p = props(Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)));
    expect(() => parseNodeConfig(p)).toThrow(InvalidNodeConfig);
    expect(() => parseNodeConfig(p)).toThrow(message);
  });
});
