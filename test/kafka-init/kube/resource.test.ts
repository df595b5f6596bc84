// The 403 messages name the manifest that grants the rule; those files exist
// and grant that rule, so the message stays true when manifests move.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingRule, resourcePath, type KubeResource } from '../../../agents/kafka-init/kube/resource.ts';
import { REPO_ROOT as ROOT } from '../../../images/bake/repo.ts';

/** manifests/... paths in a message, with {a,b} expanded. */
function namedFiles(message: string): string[] {
  return [...message.matchAll(/manifests\/[\w./{},-]+\.yaml/g)].flatMap(([path]) => {
    const m = /\{([^}]*)\}/.exec(path);
    return m ? m[1]!.split(',').map((alt) => path.replace(m[0], alt)) : [path];
  });
}

describe('Kubernetes resources kafka-init reads', () => {
  it.each([
    [{ kind: 'node', name: 'n1' }, '/api/v1/nodes/n1'],
    [{ kind: 'service', name: 'outside-0', namespace: 'kafka' }, '/api/v1/namespaces/kafka/services/outside-0'],
  ] as Array<[KubeResource, string]>)('%j is at %s', (resource, path) => {
    expect(resourcePath(resource)).toBe(path);
  });

  it.each([
    [{ kind: 'node', name: 'n1' }, 'nodes', 'ClusterRole', 'kafka-node-reader'],
    [{ kind: 'service', name: 'outside-0', namespace: 'kafka' }, 'services', 'Role', 'kafka-service-reader'],
  ] as Array<[KubeResource, string, string, string]>)('a 403 on %j names a manifest that grants get on %s', (resource, plural, kind, name) => {
    const files = namedFiles(missingRule(resource));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => !/[{}*]/.test(f))).toBe(true);
    for (const file of files) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text).toContain(`kind: ${kind}\n`);
      expect(text).toContain(`name: ${name}\n`);
      expect(text).toMatch(new RegExp(`resources: \\[${plural}\\]\\s+verbs: \\[get\\]`));
    }
  });
});
