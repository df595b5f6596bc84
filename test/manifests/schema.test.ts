// Every rendered object is one an API server with strict field validation would
// accept: known apiVersion and kind, required fields, types, and no unknown fields.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateObject } from './lint/k8s-validate.ts';
import { clone, kustomizations, MANIFESTS, render, type K8sObject } from './lint/kustomize.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const renderable = kustomizations().filter(
  (d) => (parse(readFileSync(join(MANIFESTS, d, 'kustomization.yaml'), 'utf8')) as { kind?: string }).kind !== 'Component',
);

describe('Kubernetes API schemas', () => {
  it.each(renderable)('every object rendered from %s validates', async (dir) => {
    const problems: string[] = [];
    for (const o of render(join(MANIFESTS, dir))) problems.push(...(await validateObject(o)));
    expect(problems).toEqual([]);
  });
});

describe('the schema check fails on what an API server rejects', () => {
  const objs = render(MANIFESTS);
  const sts = objs.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'kafka')!;
  const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'kafka')!;
  const pdb = objs.find((o) => o.kind === 'PodDisruptionBudget')!;

  const cases: Array<[string, K8sObject, (o: K8sObject) => void, RegExp]> = [
    ['a misspelled container field (imagee)', sts, (o) => { const c = o.spec.template.spec.containers[0]; c.imagee = c.image; delete c.image; }, /unknown field "imagee"/],
    ['an unknown field deep in a probe', sts, (o) => { o.spec.template.spec.containers[0].readinessProbe.httpGet.paht = '/x'; }, /unknown field "paht"/],
    ['an unknown top-level spec field', svc, (o) => { o.spec.selecter = o.spec.selector; }, /unknown field "selecter"/],
    ['a misspelled metadata field', pdb, (o) => { (o.metadata as Record<string, unknown>).label = { a: 'b' }; }, /unknown field "label"/],
    ['a container without a name', sts, (o) => { delete o.spec.template.spec.containers[0].name; }, /required property 'name'|required property name/],
    ['replicas as a string', sts, (o) => { o.spec.replicas = '3'; }, /replicas/],
    ['a port number as a string', svc, (o) => { o.spec.ports[0].port = '9092'; }, /port/],
    ['env as a map instead of a list', sts, (o) => { o.spec.template.spec.containers[0].env = { A: 'b' }; }, /env/],
    ['a kind the API does not have', svc, (o) => { o.kind = 'Servise'; }, /not a Kubernetes API type|no schema/],
    ['a label value that is not a string', svc, (o) => { (o.metadata.labels as Record<string, unknown>).replicas = 3; }, /expected string/],
    ['an upper-case name', svc, (o) => { o.metadata.name = 'Kafka'; }, /metadata.name "Kafka" is not a valid Service name/],
    ['a label value with a space', pdb, (o) => { o.metadata.labels!['app.kubernetes.io/part-of'] = 'kafka cluster'; }, /not a valid label value/],
    ['two containers of one name', sts, (o) => { o.spec.template.spec.containers[1].name = o.spec.template.spec.containers[0].name; }, /container name kafka is used twice/],
    ['two volumes of one name', sts, (o) => { o.spec.template.spec.volumes[1].name = o.spec.template.spec.volumes[0].name; }, /volume name config is used twice/],
    ['an unnamed port on a multi-port Service', svc, (o) => { o.spec.ports.push({ port: 9093 }); }, /ports\[1\].name is required/],
    ['a nodePort out of range', svc, (o) => { o.spec.type = 'NodePort'; o.spec.ports[0].nodePort = 9092; }, /nodePort 9092 is outside/],
  ];

  it('accepts the unmutated objects', async () => {
    for (const o of [sts, svc, pdb]) expect(await validateObject(o)).toEqual([]);
  });

  it.each(cases)('rejects %s', async (_name, original, mutate, want) => {
    const o = clone(original);
    mutate(o);
    const problems = await validateObject(o);
    expect(problems.join('\n')).toMatch(want);
  });
});
