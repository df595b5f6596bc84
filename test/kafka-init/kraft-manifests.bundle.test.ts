// dist/kafka-init.js with the env of manifests/variants/kraft's rendered StatefulSets (the cluster id
// from its rendered ConfigMap, racks from the API double's nodes) and its rendered server.properties:
// every controller and broker renders, all with one quorum and ids that never collide.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../agents/lib/properties.ts';
import { containerEnv } from '../manifests/lint/checks.ts';
import { findContainer, MANIFESTS, podOwners, render } from '../manifests/lint/kustomize.ts';
import { NAMESPACE, useHarness } from './harness.ts';

const h = useHarness((x) => x.seedCluster());

describe('kafka-init with the env of variants/kraft', () => {
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
    expect(nodes.slice(3).map((n) => n.get('broker.rack'))).toEqual(['zone-a', 'zone-b', 'zone-c']);
    expect(nodes.every((n) => !n.has('zookeeper.connect'))).toBe(true);
  });
});
