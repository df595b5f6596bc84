// Every kustomization under manifests/ renders offline with `kubectl kustomize`;
// each variant's output is a golden file, reviewed like code; overlays can move
// the whole stack to another namespace and registry without leaving anything behind.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectGolden } from '../support/golden.ts';
import { kustomizations, kustomizeText, MANIFESTS, parseObjects, render, variants } from './lint/kustomize.ts';

const isComponent = (dir: string): boolean =>
  (parse(readFileSync(join(MANIFESTS, dir, 'kustomization.yaml'), 'utf8')) as { kind?: string }).kind === 'Component';

const goldenName = (dir: string): string => (dir === '.' ? 'default' : dir.replace(/^variants\//, '').replace(/\//g, '-'));

describe('kubectl kustomize', () => {
  const dirs = kustomizations();

  it('finds the default, the variants, the components and the test Jobs', () => {
    expect(dirs).toEqual(expect.arrayContaining(['.', 'variants/dev-small', 'components/external-nodeport', 'components/external-loadbalancer', 'components/external-hostport', 'test']));
  });

  it.each(dirs.filter((d) => !isComponent(d)))('renders %s', (dir) => {
    const objs = render(join(MANIFESTS, dir));
    expect(objs.length).toBeGreaterThan(0);
  });

  const componentsOf = (dir: string): string[] => {
    const k = parse(readFileSync(join(MANIFESTS, dir, 'kustomization.yaml'), 'utf8')) as { components?: string[] };
    return (k.components ?? []).map((c) => join(dir, c));
  };
  /** The components a variant renders, and the ones those include. */
  const renderedBy = (dir: string): string[] => componentsOf(dir).flatMap((c) => [c, ...renderedBy(c)]);

  it.each(dirs.filter(isComponent))('component %s is used by a variant, so it is rendered and checked', (dir) => {
    const users = variants().filter((v) => renderedBy(v).includes(dir));
    expect(users, `no variant under manifests/variants uses ${dir}`).not.toEqual([]);
  });

  it('uses one spelling (kustomization.yaml) and today\'s fields only', () => {
    for (const dir of dirs) {
      const k = parse(readFileSync(join(MANIFESTS, dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
      for (const old of ['bases', 'patchesStrategicMerge', 'patchesJson6902', 'vars', 'commonLabels']) {
        expect(k[old], `${dir}/kustomization.yaml uses deprecated ${old}`).toBeUndefined();
      }
    }
  });

  it.each([...variants(), 'test', 'test/chaos'])('%s matches its golden rendering', (dir) => {
    expectGolden(`manifests/${goldenName(dir)}.yaml`, kustomizeText(join(MANIFESTS, dir)));
  });
});

describe('an overlay moves the stack', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kustomize-overlay-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // kustomize takes resource directories as relative paths only.
  const overlay = (body: (manifests: string) => string): ReturnType<typeof parseObjects> => {
    const dir = mkdtempSync(join(tmp, 'o-'));
    writeFileSync(join(dir, 'kustomization.yaml'), body(relative(dir, MANIFESTS)));
    return parseObjects(kustomizeText(dir));
  };

  it('to another namespace: objects, RBAC subjects and names follow, nothing says "kafka" namespace', () => {
    for (const v of variants()) {
      const objs = overlay((m) => `namespace: streaming\nresources:\n- ${join(m, v)}\n`);
      for (const o of objs) {
        const where = `${v}: ${o.kind}/${o.metadata.name}`;
        if (o.kind === 'Namespace') expect(o.metadata.name, where).toBe('streaming');
        if (o.metadata.namespace !== undefined) expect(o.metadata.namespace, where).toBe('streaming');
        for (const s of (o.subjects ?? []) as Array<{ namespace?: string }>) expect(s.namespace, where).toBe('streaming');
        expect(JSON.stringify(o), where).not.toMatch(/\.kafka\.svc|"namespace":"kafka"/);
      }
      const namespaced = objs.filter((o) => !['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume'].includes(o.kind));
      for (const o of namespaced) expect(o.metadata.namespace, `${v}: ${o.kind}/${o.metadata.name}`).toBe('streaming');
    }
  });

  it('to another registry and tag, with kustomize images:', () => {
    const objs = overlay((m) =>
      `resources:\n- ${m}\nimages:\n` +
        ['zookeeper-init', 'kafka-init', 'sidecar']
          .map((a) => `- name: ghcr.io/kafka-statefulset/${a}\n  newName: registry.example.com/team/${a}\n  newTag: 9.9.9\n`)
          .join(''),
    );
    const images = objs.flatMap((o) => {
      const spec = o.spec?.template?.spec ?? {};
      return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: { image: string }) => c.image);
    });
    expect(images).toEqual(expect.arrayContaining([
      'registry.example.com/team/zookeeper-init:9.9.9',
      'registry.example.com/team/kafka-init:9.9.9',
      'registry.example.com/team/sidecar:9.9.9',
    ]));
    expect(images.filter((i) => i.includes('kafka-statefulset'))).toEqual([]);
  });
});
