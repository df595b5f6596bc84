// Integration: manifests/variants/kraft-dev-small's one combined node (process.roles=broker,controller),
// from the env of its rendered StatefulSet and its rendered server.properties: kafka-init writes the
// file, kafka-storage formats the volume with the cluster id of the rendered ConfigMap, and real Kafka
// 4.3.1 runs it as kafka-0 in its own network namespace (hostname kafka-0, the headless Service's name
// in /etc/hosts). It leads its own quorum and serves a topic. Stand-ins: DNS by a hosts file; racks
// off (no Kubernetes API here); the template gets this machine's small-heap settings appended.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../support/failure-logs.ts';
import { kafkaToolOk, renderProperties, startBroker, waitStarted, type KafkaBroker } from '../support/kafka.ts';
import { describeQuorum, formatStorage, kraftDefaults } from '../support/kraft.ts';
import { createTestNetwork, type TestNetwork } from '../support/netns.ts';
import { runBundle } from '../support/run-bundle.ts';
import { KAFKA_KRAFT_VERSION as version } from '../support/versions.ts';
import { waitFor } from '../support/wait.ts';
import { containerEnv } from '../manifests/lint/checks.ts';
import { findContainer, MANIFESTS, podOwners, render } from '../manifests/lint/kustomize.ts';

const NAMESPACE = 'kafka';
const FQDN = `kafka-0.broker.${NAMESPACE}.svc.cluster.local`;

describe(`variants/kraft-dev-small's combined node on real Kafka ${version}`, () => {
  const objs = render(join(MANIFESTS, 'variants/kraft-dev-small'));
  const init = findContainer(podOwners(objs).find((o) => o.obj.metadata.name === 'kafka')!, 'kafka-init')!;
  const env = containerEnv(init, 'kafka-0', NAMESPACE, objs);
  const template = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('kafka-config-'))!.data['server.properties'] as string;
  let root: string;
  let net: TestNetwork;
  let hostsFile: string;
  let node: KafkaBroker | undefined;
  const inside = () => net.execArgv(net.hosts.find((h) => h.name === 'client')!, hostsFile);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kafka-init-combined-'));
    net = createTestNetwork(['kafka-0', 'client']);
    hostsFile = join(root, 'hosts');
    writeFileSync(hostsFile, `127.0.0.1 localhost\n${net.hosts[0]!.ip} ${FQDN} kafka-0\n`);
    const small = Object.fromEntries(Object.entries(kraftDefaults(1)).filter(([k]) => !template.includes(`\n${k}=`)));
    writeFileSync(join(root, 'template.properties'), `${template}\n${renderProperties(small)}`);
    mkdirSync(join(root, 'data'));
    const r = await runBundle('kafka-init', {
      env: {
        ...env,
        KAFKA_RACK_LABEL: '',
        KAFKA_DATA_DIR: join(root, 'data', 'kafka-logs'),
        KAFKA_CONFIG_TEMPLATE: join(root, 'template.properties'),
        KAFKA_CONFIG_OUT: join(root, 'server.properties'),
      },
    });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    await formatStorage(join(root, 'server.properties'), env.KAFKA_CLUSTER_ID!, ['--ignore-formatted']);
    node = startBroker({ id: 0, propertiesFile: join(root, 'server.properties'), logFile: join(root, 'server.log'), version, wrap: net.execArgv(net.hosts[0]!, hostsFile) });
    await waitStarted(node);
  }, 180_000);

  afterAll(async (suite) => {
    await node?.stop();
    net?.destroy();
    keepLogsIfFailed(suite, __filename, root);
    rmSync(root, { recursive: true, force: true });
  });

  it('renders one node that is broker and controller, the only voter, with node.id 0', () => {
    const props = readFileSync(join(root, 'server.properties'), 'latin1');
    expect(props).toMatch(/^process\.roles=broker,controller$/m);
    expect(props).toMatch(new RegExp(`^controller\\.quorum\\.voters=0@${FQDN.replace(/\./g, '\\.')}:9093$`, 'm'));
    expect(readFileSync(join(root, 'data', 'kafka-logs', 'meta.properties'), 'latin1')).toMatch(new RegExp(`^cluster\\.id=${env.KAFKA_CLUSTER_ID}$`, 'm'));
  });

  it('leads its own quorum and serves a topic of replication factor 1', async () => {
    const status = await waitFor('node 0 leading', async () => {
      const s = await describeQuorum(`${FQDN}:9093`, { wrap: inside() }).catch(() => undefined);
      return s?.leaderId === 0 ? s : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    expect(status.voters).toEqual([0]);
    const bootstrap = `${FQDN}:9092`;
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', bootstrap, '--create', '--topic', 'dev', '--partitions', '1'], { version, wrap: inside() });
    await kafkaToolOk('kafka-console-producer', ['--bootstrap-server', bootstrap, '--topic', 'dev'], { version, wrap: inside(), input: 'a\nb\nc\n' });
    const read = await kafkaToolOk('kafka-console-consumer', ['--bootstrap-server', bootstrap, '--topic', 'dev', '--from-beginning', '--max-messages', '3', '--timeout-ms', '30000'], { version, wrap: inside() });
    expect(read.trim().split('\n')).toEqual(['a', 'b', 'c']);
  }, 240_000);
});
