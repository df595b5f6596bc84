// dist/kafka-init.js with the env of the external-access components, against
// the outside-N Services exactly as manifests/ declares them (served by the
// API double with what the API server would add: nodePorts kept, a
// load-balancer address), so the agent and the manifests agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';
import { parseProperties } from '../../agents/lib/properties.ts';
import { containerEnv } from '../manifests/lint/checks.ts';
import { findContainer, MANIFESTS, podOwners, render } from '../manifests/lint/kustomize.ts';
import { NAMESPACE, useHarness } from './harness.ts';

const h = useHarness();

// YAML documents of known shape, read loosely.
type Obj = Record<string, any>;

function docs(file: string): Obj[] {
  return parseAllDocuments(readFileSync(join(ROOT, file), 'utf8')).map((d) => d.toJS() as Obj).filter((d) => d !== null);
}

/** The kafka-init env a component's StatefulSet patch sets. */
function componentEnv(component: string, file = '30-kafka-external-listener.yaml'): Record<string, string> {
  const patch = docs(`manifests/components/${component}/${file}`)[0]!;
  const init = (patch.spec.template.spec.initContainers as Obj[]).find((c) => c.name === 'kafka-init')!;
  return Object.fromEntries((init.env as Obj[]).map((e) => [e.name, String(e.value)]));
}

describe('kafka-init with the manifests', () => {
  it.each([0, 1, 2])('external-nodeport: kafka-%i advertises its node and the nodePort its Service declares', async (ordinal) => {
    const services = docs('manifests/components/external-nodeport/20-outside-services.yaml');
    h().seedCluster();
    for (const s of services) h().api.put({ ...s, metadata: { ...s.metadata, namespace: NAMESPACE } });
    const declared = services.find((s) => s.metadata.name === `outside-${ordinal}`)!.spec.ports[0].nodePort;
    const run = await h().run(h().env(ordinal, componentEnv('external-nodeport')));
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.identity!).advertisedListeners.EXTERNAL).toBe(`203.0.113.1${ordinal}:${declared}`);
  });

  it.each([0, 1, 2])('external-loadbalancer: kafka-%i advertises its load balancer on the Service port', async (ordinal) => {
    h().seedCluster();
    for (const s of docs('manifests/components/external-loadbalancer/20-outside-services.yaml')) {
      h().api.put({ ...s, metadata: { ...s.metadata, namespace: NAMESPACE }, status: { loadBalancer: { ingress: [{ hostname: `${s.metadata.name}.lb.example.com` }] } } });
    }
    const run = await h().run(h().env(ordinal, componentEnv('external-loadbalancer')));
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.identity!).advertisedListeners.EXTERNAL).toBe(`outside-${ordinal}.lb.example.com:9094`);
  });

  it('external-hostport: kafka-1 advertises HOST_IP and the hostPort, reading only its node (for the rack)', async () => {
    h().seedCluster();
    const run = await h().run(h().env(1, { ...componentEnv('external-hostport', '10-kafka-external-listener.yaml'), HOST_IP: '10.0.0.11' }));
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.identity!).advertisedListeners.EXTERNAL).toBe('10.0.0.11:9094');
    expect(h().api.paths()).toEqual(['/api/v1/nodes/n1']);
  });

  describe('variants/kraft, with the env of its rendered StatefulSets', () => {
    const objs = render(join(MANIFESTS, 'variants/kraft'));
    const owner = (set: string) => podOwners(objs).find((o) => o.obj.metadata.name === set)!;
    const template = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('kafka-config-'))!.data['server.properties'] as string;
    const renderNode = async (set: string, ordinal: number) => {
      const env = containerEnv(findContainer(owner(set), 'kafka-init')!, `${set}-${ordinal}`, NAMESPACE, objs);
      const paths = h().env(ordinal);
      const run = await h().run({
        ...env,
        KAFKA_DATA_DIR: paths.KAFKA_DATA_DIR!,
        KAFKA_CONFIG_OUT: paths.KAFKA_CONFIG_OUT!,
        KAFKA_CONFIG_TEMPLATE: h().write('template.properties', template),
        KUBECONFIG: paths.KUBECONFIG!,
        TERMINATION_MESSAGE_PATH: paths.TERMINATION_MESSAGE_PATH!,
        NODE_NAME: `n${ordinal}`,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      h().reset();
      h().seedCluster();
      return new Map(parseProperties(run.properties!).map((e) => [e.key, e.value]));
    };

    it('every controller and broker renders, with one quorum and ids that never collide', async () => {
      const nodes = [];
      for (const set of ['kafka-controller', 'kafka']) for (const o of [0, 1, 2]) nodes.push(await renderNode(set, o));
      expect(new Set(nodes.map((n) => n.get('controller.quorum.voters'))).size).toBe(1);
      expect(nodes[0]!.get('controller.quorum.voters')).toBe(
        [0, 1, 2].map((i) => `${1000 + i}@kafka-controller-${i}.controller.${NAMESPACE}.svc.cluster.local:9093`).join(','),
      );
      expect(nodes.map((n) => n.get('node.id'))).toEqual(['1000', '1001', '1002', '0', '1', '2']);
      expect(nodes.map((n) => n.get('process.roles'))).toEqual([...Array(3).fill('controller'), ...Array(3).fill('broker')]);
      expect(nodes.every((n) => !n.has('zookeeper.connect'))).toBe(true);
    });
  });
});
