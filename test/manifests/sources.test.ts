// The manifest sources as people read them: files numbered in apply order, every
// RBAC rule explained, and no namespace written anywhere but kustomization files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MANIFESTS } from './lint/kustomize.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') || e.name.endsWith('.yml') ? [join(dir, e.name)] : [],
  );
}

const files = yamlFiles(MANIFESTS).map((f) => relative(MANIFESTS, f));
const kustomizationFiles = files.filter((f) => f.endsWith('kustomization.yaml'));

/** Files a kustomization lists under resources: (the objects it applies). */
const resourceFiles = kustomizationFiles.flatMap((k) => {
  const dir = join(k, '..');
  const body = parse(readFileSync(join(MANIFESTS, k), 'utf8')) as { resources?: string[] };
  return (body.resources ?? []).filter((r) => /\.ya?ml$/.test(r)).map((r) => join(dir, r));
});

describe('manifest sources', () => {
  it('spell every file .yaml and every kustomization kustomization.yaml', () => {
    expect(files.filter((f) => f.endsWith('.yml'))).toEqual([]);
    expect(files.filter((f) => /kustomization\.ya?ml$/i.test(f) && !f.endsWith('kustomization.yaml'))).toEqual([]);
  });

  it('every folder has a README saying what it deploys and what it needs', () => {
    const folders = [MANIFESTS, ...readdirSync(MANIFESTS, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name))];
    const without = folders.filter((d) => !readdirSync(d).includes('README.md')).map((d) => relative(MANIFESTS, d) || '.');
    expect(without, 'folders under manifests/ without a README.md').toEqual([]);
  });

  it.each(resourceFiles)('%s is numbered in apply order', (f) => {
    expect(f.split('/').pop()).toMatch(/^\d\d-[a-z0-9-]+\.yaml$/);
  });

  it.each(resourceFiles.filter((f) => /^kind: (Cluster)?Role$/m.test(readFileSync(join(MANIFESTS, f), 'utf8'))))(
    '%s explains each RBAC rule in a comment',
    (f) => {
      const lines = readFileSync(join(MANIFESTS, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^- apiGroups:/.test(line)) expect(lines[i - 1], `${f} line ${i + 1}: say why this rule is needed`).toMatch(/^\s*#/);
      });
    },
  );

  it.each(files.filter((f) => !f.endsWith('kustomization.yaml')))('%s hard-codes no namespace', (f) => {
    const text = readFileSync(join(MANIFESTS, f), 'utf8');
    expect(text).not.toMatch(/^\s*namespace:/m);
    expect(text).not.toMatch(/\.kafka\.svc/);
  });
});
