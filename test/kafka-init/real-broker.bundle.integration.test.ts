// Integration: for each external-access mode, kafka-init renders server.properties for kafka-0..2 (the
// Kubernetes API played by the API double, whose nodes and Services carry this test's own addresses), and
// real Kafka brokers start from exactly those files. Each broker runs in its own network namespace with
// hostname kafka-N and an /etc/hosts that resolves the headless Service's names, as cluster DNS would;
// ZooKeeper runs as zoo-0 the same way. Then:
//   - each broker registers in ZooKeeper exactly the endpoints kafka-init wrote to identity.json;
//   - a client inside the cluster (host `client`, cluster names only) reaches every broker on INTERNAL;
//   - a client outside (host `outside`, which knows no cluster name) reaches every broker on EXTERNAL,
//     and what it produces there is read back on INTERNAL.
// Stand-ins, and what they cannot show: a nodePort is played by a forwarder in the broker's namespace
// (kube-proxy's job), a load balancer by its address being the broker's own; DNS by hosts files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaIdentity } from '../../agents/lib/kafka-identity.ts';
import { keepLogsIfFailed } from '../support/failure-logs.ts';
import { kafkaToolOk, startBroker, waitRegistered, type KafkaBroker } from '../support/kafka.ts';
import { node, service, startKubeApiDouble, type KubeApiDouble } from '../support/kube-api-double.ts';
import { createTestNetwork, type TestHost, type TestNetwork } from '../support/netns.ts';
import { runBundle } from '../support/run-bundle.ts';
import { waitFor } from '../support/wait.ts';
import { startProcess, zkJavaArgv, zkMode, type ZkProcess } from '../support/zookeeper.ts';

const NAMESPACE = 'kafka';
const ORDINALS = [0, 1, 2] as const;
const ZONE_LABEL = 'topology.kubernetes.io/zone';
const internalName = (o: number) => `kafka-${o}.broker.${NAMESPACE}.svc.cluster.local`;
const ZK_NAME = `zoo-0.zoo.${NAMESPACE}.svc.cluster.local`;

/** Brokers' own settings that would not fit this machine otherwise; replication as in manifests/. */
const TEMPLATE = [
  'default.replication.factor=3',
  'min.insync.replicas=2',
  'offsets.topic.replication.factor=3',
  'group.initial.rebalance.delay.ms=0',
  'auto.create.topics.enable=false',
  'log.cleaner.dedupe.buffer.size=16777216',
  'num.network.threads=2',
  'num.io.threads=2',
].join('\n');

interface Mode {
  readonly name: string;
  readonly env: (o: number, host: TestHost) => Record<string, string>;
  /** The EXTERNAL address clients outside must dial for broker o, or undefined when there is none. */
  readonly external?: (o: number, host: TestHost) => string;
  /** A nodePort-style forwarder in the broker's namespace: this port leads to the EXTERNAL listener. */
  readonly forward?: (o: number) => number;
}

const nodePort = (o: number) => 32400 + o;
const MODES: readonly Mode[] = [
  { name: 'none', env: () => ({ KAFKA_EXTERNAL_MODE: 'none' }) },
  {
    name: 'nodeport',
    env: () => ({ KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_ADDRESS_TYPES: 'ExternalIP' }),
    external: (o, h) => `${h.ip}:${nodePort(o)}`,
    forward: nodePort,
  },
  {
    name: 'loadbalancer',
    env: () => ({ KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_EXTERNAL_LB_POLL_INTERVAL: '50ms' }),
    // kafka-2's Service has only an ip; the others a hostname, which wins.
    external: (o, h) => (o === 2 ? `${h.ip}:9094` : `kafka-${o}.lb.example.test:9094`),
  },
  {
    name: 'hostport',
    env: (_o, h) => ({ KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: h.ip }),
    external: (_o, h) => `${h.ip}:9094`,
  },
  {
    name: 'explicit templates',
    env: () => ({ KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_HOST: 'kafka-{ordinal}.example.test', KAFKA_EXTERNAL_PORT: '{ordinal+32400}' }),
    external: (o) => `kafka-${o}.example.test:${nodePort(o)}`,
    forward: nodePort,
  },
];

/** A TCP forwarder inside a namespace: what kube-proxy does for a nodePort. */
function startForwarder(netns: string, listen: number, target: number, logFile: string): ZkProcess {
  const script = [
    "const net=require('node:net');",
    'const [listen,target]=process.argv.slice(1).map(Number);',
    "net.createServer(c=>{const u=net.createConnection(target,'127.0.0.1');c.pipe(u).pipe(c);",
    "const x=()=>{c.destroy();u.destroy()};c.on('error',x);u.on('error',x)}).listen(listen,'0.0.0.0');",
    "process.on('SIGTERM',()=>process.exit(0));",
  ].join('');
  return startProcess(['ip', 'netns', 'exec', netns, process.execPath, '-e', script, String(listen), String(target)], logFile);
}

describe('brokers started from the files kafka-init rendered, in every external mode', () => {
  let root: string;
  let net: TestNetwork;
  let api: KubeApiDouble;
  let zk: ZkProcess;
  let podHosts: string;
  let outsideHosts: string;
  const host = (name: string) => net.hosts.find((h) => h.name === name)!;
  const brokerHost = (o: number) => host(`kafka-${o}`);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kafka-init-real-'));
    net = createTestNetwork(['zoo-0', 'kafka-0', 'kafka-1', 'kafka-2', 'client', 'outside']);
    // Pods resolve the cluster's names; the outside client only the external ones.
    podHosts = join(root, 'hosts.pods');
    writeFileSync(
      podHosts,
      ['127.0.0.1 localhost', `${host('zoo-0').ip} ${ZK_NAME} zoo-0`, ...ORDINALS.map((o) => `${brokerHost(o).ip} ${internalName(o)} kafka-${o}`)].join('\n') + '\n',
    );
    outsideHosts = join(root, 'hosts.outside');
    writeFileSync(
      outsideHosts,
      ['127.0.0.1 localhost', ...ORDINALS.flatMap((o) => [`${brokerHost(o).ip} kafka-${o}.example.test`, `${brokerHost(o).ip} kafka-${o}.lb.example.test`])].join('\n') + '\n',
    );

    mkdirSync(join(root, 'zk', 'data'), { recursive: true });
    writeFileSync(
      join(root, 'zk', 'zoo.cfg'),
      [`dataDir=${join(root, 'zk', 'data')}`, 'clientPort=2181', 'tickTime=500', 'initLimit=10', 'syncLimit=5', '4lw.commands.whitelist=srvr,ruok', 'admin.enableServer=false'].join('\n') + '\n',
    );
    zk = startProcess(net.execArgv(host('zoo-0'), podHosts, zkJavaArgv(join(root, 'zk', 'zoo.cfg'))), join(root, 'zk', 'zk.log'));
    await waitFor('ZooKeeper in zoo-0', async () => (await zkMode(host('zoo-0').ip, 2181)) === 'standalone', { timeoutMs: 60_000, intervalMs: 200 });

    // The cluster as the API shows it: one node per broker, its addresses this test's own, and one
    // Service per broker whose load-balancer address leads to that broker.
    api = await startKubeApiDouble();
    for (const o of ORDINALS) {
      const ip = brokerHost(o).ip;
      api.put(node({ name: `n${o}`, labels: { [ZONE_LABEL]: `zone-${'abc'[o]}` }, addresses: [['InternalIP', ip], ['ExternalIP', ip], ['Hostname', `n${o}`]] }));
    }
  });

  afterAll(async (suite) => {
    await zk?.stop();
    await api?.close();
    net?.destroy();
    keepLogsIfFailed(suite, __filename, root);
    rmSync(root, { recursive: true, force: true });
  });

  describe.each(MODES.map((m) => [m.name, m] as const))('%s', (name, mode) => {
    const chroot = `/${name.replace(/\W+/g, '-')}`;
    const dir = () => join(root, name.replace(/\W+/g, '-'));
    const brokers: KafkaBroker[] = [];
    const forwarders: ZkProcess[] = [];
    const identities = new Map<number, KafkaIdentity>();
    const topic = `orders-${name.replace(/\W+/g, '-')}`;

    beforeAll(async () => {
      for (const o of ORDINALS) {
        api.put(
          service({
            name: `outside-${o}`,
            namespace: NAMESPACE,
            type: name === 'loadbalancer' ? 'LoadBalancer' : 'NodePort',
            ports: [{ name: 'external', port: 9094, targetPort: 9094, nodePort: nodePort(o) }],
            ingress: o === 2 ? [{ ip: brokerHost(o).ip }] : [{ hostname: `kafka-${o}.lb.example.test` }, { ip: brokerHost(o).ip }],
          }),
        );
      }
      writeFileSync(join(root, 'template.properties'), TEMPLATE + '\n');
      for (const o of ORDINALS) {
        const pod = join(dir(), `kafka-${o}`);
        mkdirSync(pod, { recursive: true });
        const r = await runBundle('kafka-init', {
          env: {
            POD_NAME: `kafka-${o}`,
            POD_NAMESPACE: NAMESPACE,
            NODE_NAME: `n${o}`,
            KAFKA_ZOOKEEPER_CONNECT: `${ZK_NAME}:2181${chroot}`,
            KAFKA_DATA_DIR: join(pod, 'data'),
            KAFKA_CONFIG_TEMPLATE: join(root, 'template.properties'),
            KAFKA_CONFIG_OUT: join(pod, 'server.properties'),
            KAFKA_IDENTITY_OUT: join(pod, 'identity.json'),
            KUBECONFIG: api.writeKubeconfig(pod),
            ...mode.env(o, brokerHost(o)),
          },
        });
        expect(r.code, r.stderr).toBe(0);
        identities.set(o, JSON.parse(readFileSync(join(pod, 'identity.json'), 'utf8')) as KafkaIdentity);
        brokers.push(
          startBroker({ id: o, propertiesFile: join(pod, 'server.properties'), logFile: join(pod, 'broker.log'), wrap: net.execArgv(brokerHost(o), podHosts) }),
        );
        if (mode.forward) forwarders.push(startForwarder(brokerHost(o).netns, mode.forward(o), 9094, join(pod, 'forwarder.log')));
      }
    });

    afterAll(async () => {
      await Promise.all([...brokers.map((b) => b.kill()), ...forwarders.map((f) => f.stop())]);
    });

    it('each broker registers exactly the endpoints kafka-init wrote to identity.json', async () => {
      const regs = await waitRegistered(`${host('zoo-0').ip}:2181`, chroot, ORDINALS, { brokers });
      for (const o of ORDINALS) {
        const identity = identities.get(o)!;
        expect(regs.get(o)!.endpoints).toEqual(identity.endpoints);
        expect(regs.get(o)!.rack).toBe(`zone-${'abc'[o]}`);
        expect(identity.advertisedListeners.INTERNAL).toBe(`${internalName(o)}:9092`);
        expect(identity.advertisedListeners.EXTERNAL).toBe(mode.external?.(o, brokerHost(o)));
      }
    });

    it('a client in the cluster reaches every broker on INTERNAL', async () => {
      const out = await kafkaToolOk('kafka-broker-api-versions', ['--bootstrap-server', `${internalName(0)}:9092`], {
        wrap: net.execArgv(host('client'), podHosts),
      });
      const reached = out.split('\n').filter((l) => / \(id: \d+ rack: [^)]*\) -> \(/.test(l)).map((l) => l.split(' ')[0]).sort();
      expect(reached).toEqual(ORDINALS.map((o) => `${internalName(o)}:9092`));
      expect(out).not.toContain('ERROR');
    });

    if (mode.external) it('a client outside reaches every broker on EXTERNAL, and what it writes is read back on INTERNAL', async () => {
      const inside = net.execArgv(host('client'), podHosts);
      const outside = net.execArgv(host('outside'), outsideHosts);
      const external = ORDINALS.map((o) => mode.external!(o, brokerHost(o)));
      const out = await kafkaToolOk('kafka-broker-api-versions', ['--bootstrap-server', external[1]!], { wrap: outside });
      const reached = out.split('\n').filter((l) => / \(id: \d+ rack: [^)]*\) -> \(/.test(l)).map((l) => l.split(' ')[0]).sort();
      expect(reached).toEqual([...external].sort());

      await kafkaToolOk('kafka-topics', ['--bootstrap-server', `${internalName(0)}:9092`, '--create', '--topic', topic, '--partitions', '3', '--replication-factor', '3'], { wrap: inside });
      const messages = Array.from({ length: 30 }, (_, i) => `m${i}`);
      await kafkaToolOk('kafka-console-producer', ['--bootstrap-server', external.join(','), '--topic', topic, '--producer-property', 'acks=all'], {
        wrap: outside,
        input: messages.join('\n') + '\n',
      });
      const read = await kafkaToolOk(
        'kafka-console-consumer',
        ['--bootstrap-server', `${internalName(2)}:9092`, '--topic', topic, '--from-beginning', '--max-messages', String(messages.length), '--timeout-ms', '30000'],
        { wrap: inside },
      );
      expect(read.trim().split('\n').sort()).toEqual([...messages].sort());
    });

    else it('advertises no EXTERNAL listener', () => {
      for (const o of ORDINALS) expect(identities.get(o)!.endpoints).toEqual([`INTERNAL://${internalName(o)}:9092`]);
    });
  });
});
