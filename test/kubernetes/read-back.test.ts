// The comparison behind "read back equal": what the server adds is not a difference, anything it
// changed or dropped of what we set is, with the path to it.
import { describe, expect, it } from 'vitest';
import { differences } from './read-back.ts';

describe('differences between what was applied and what is stored', () => {
  const applied = { metadata: { name: 'zoo', labels: { a: '1' } }, spec: { replicas: 3, ports: [{ name: 'client', port: 2181 }], resources: { limits: { memory: '1Gi' } } } };

  it('none when the server only added fields', () => {
    const stored = { metadata: { name: 'zoo', labels: { a: '1' }, uid: 'u', resourceVersion: '7' }, spec: { replicas: 3, ports: [{ name: 'client', port: 2181, protocol: 'TCP' }], resources: { limits: { memory: '1Gi' } }, revisionHistoryLimit: 10 }, status: {} };
    expect(differences(applied, stored)).toEqual([]);
  });

  it.each([
    ['a changed value', (s: any) => (s.spec.replicas = 1), ['spec.replicas: set 3, stored 1']],
    ['a quantity written another way', (s: any) => (s.spec.resources.limits.memory = '1024Mi'), ['spec.resources.limits.memory: set "1Gi", stored "1024Mi"']],
    ['a dropped field', (s: any) => delete s.metadata.labels.a, ['metadata.labels.a: set "1", stored undefined']],
    ['a list of another length', (s: any) => s.spec.ports.push({ name: 'x', port: 1 }), ['spec.ports: set 1 items, stored 2']],
    ['a list item changed', (s: any) => (s.spec.ports[0].port = 2182), ['spec.ports[0].port: set 2181, stored 2182']],
    ['an object that became a scalar', (s: any) => (s.spec.resources = 'none'), ['spec.resources: set an object, stored "none"']],
  ])('%s', (_name, change, want) => {
    const stored = structuredClone(applied);
    change(stored);
    expect(differences(applied, stored)).toEqual(want);
  });
});
