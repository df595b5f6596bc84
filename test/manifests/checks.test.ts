// Cross-references a real cluster would break on, checked on every variant (with
// the test Jobs beside it), and for each check a mutation it must catch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clone, kustomizeText, MANIFESTS, parseObjects, render, variants, type K8sObject } from './lint/kustomize.ts';
import { CHECKS, kafkaInitNeeds, type CheckContext, type CheckName } from './lint/checks.ts';
import { ctr, MUTATIONS, obj, stack } from './mutations.ts';
import { agentNames, checkContext } from './lint/context.ts';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await checkContext();
});

describe('agent schemas', () => {
  it.each(agentNames())('%s has a settings schema in test/support/agent-schemas.ts', (agent) => {
    expect(ctx.schemas[agent], `add ${agent}'s settings to test/support/agent-schemas.ts: its env in the manifests cannot be checked without it`).toBeDefined();
  });
});

describe.each(variants())('variant %s', (variant) => {
  it.each(Object.keys(CHECKS) as CheckName[])('passes the %s check', (name) => {
    expect(CHECKS[name](stack(variant), ctx)).toEqual([]);
  });
});

describe.each(['storage/aws', 'storage/kind', 'storage/minikube', 'storage/manual'])('the base with %s', (dir) => {
  it('passes the storage check', () => {
    const objs = [...render(join(MANIFESTS, 'base')), ...render(join(MANIFESTS, dir))];
    expect(CHECKS.storage(objs)).toEqual([]);
  });
});

describe.each(['external-nodeport', 'external-loadbalancer', 'external-hostport'])('the KRaft base with components/%s, unchanged', (component) => {
  const dir = mkdtempSync(join(tmpdir(), 'kraft-external-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let objs: K8sObject[];
  beforeAll(() => {
    // kustomize takes resource directories as relative paths only.
    const m = relative(dir, MANIFESTS);
    writeFileSync(join(dir, 'kustomization.yaml'), `namespace: kafka\nresources:\n- ${m}/base-kraft\n- ${m}/storage/gke\ncomponents:\n- ${m}/components/${component}\n`);
    objs = parseObjects(kustomizeText(dir));
  });

  it.each(Object.keys(CHECKS) as CheckName[])('passes the %s check', (name) => {
    expect(CHECKS[name](clone(objs), ctx)).toEqual([]);
  });

  it('turns the EXTERNAL listener on for the brokers only, and the brokers stay KRaft brokers', () => {
    const env = (set: string) => Object.fromEntries((ctr(obj(objs, 'StatefulSet', set), 'kafka-init').env as Array<{ name: string; value?: string }>).map((e) => [e.name, e.value]));
    expect(env('kafka').KAFKA_EXTERNAL_MODE).toBe(component.replace('external-', ''));
    expect(env('kafka').KAFKA_PROCESS_ROLES).toBe('broker');
    expect(env('kafka-controller').KAFKA_EXTERNAL_MODE).toBeUndefined();
    expect(ctr(obj(objs, 'StatefulSet', 'kafka'), 'kafka').image).toBe('apache/kafka:4.3.1');
  });
});

describe('RBAC follows kafka-init\'s modes', () => {
  const grants = (variant: string): string[] => {
    const init = ctr(obj(stack(variant), 'StatefulSet', 'kafka'), 'kafka-init');
    return kafkaInitNeeds(init, ctx.schemas['kafka-init']!).map((g) => `${g.verb} ${g.resource} ${g.scope}`).sort();
  };
  it('the default reads nodes for broker.rack only', () => expect(grants('.')).toEqual(['get nodes cluster']));
  it('external access by NodePort also reads Services', () => expect(grants('variants/external-nodeport')).toEqual(['get nodes cluster', 'get services namespace']));
  it('external access by load balancer also reads Services', () => expect(grants('variants/external-loadbalancer')).toEqual(['get nodes cluster', 'get services namespace']));
  it('external access by hostPort reads nothing more (HOST_IP comes from the downward API)', () => expect(grants('variants/external-hostport')).toEqual(['get nodes cluster']));
});

describe('each check catches what it is for', () => {
  it('covers every check with at least one mutation', () => {
    expect(new Set(MUTATIONS.map((m) => m[2]))).toEqual(new Set(Object.keys(CHECKS)));
  });

  it.each(MUTATIONS)('%s (%s, %s check)', (_d, variant, check, mutate, want) => {
    const objs = stack(variant);
    const used = mutate(objs, ctx) ?? ctx;
    const problems = CHECKS[check](objs, used);
    expect(problems.join('\n')).toMatch(want);
  });
});
