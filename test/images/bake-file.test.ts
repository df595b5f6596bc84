import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BakeError,
  expandTargets,
  flattenTarget,
  interpolate,
  parseBakeHcl,
  planBuilds,
  podmanBuildArgs,
  resolveVariables,
  type BakeJson,
} from '../../images/bake/bake-file.ts';

import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';

describe('interpolate', () => {
  const vars = { REGISTRY: 'r.example', TAG: '1.2', NESTED: '${TAG}-x' };
  const expanded: Record<string, string> = {
    'no variables': 'no variables',
    '${REGISTRY}/a': 'r.example/a',
    '${REGISTRY}/a:${TAG}': 'r.example/a:1.2',
    '${ TAG }': '1.2', // spaces inside
    '$${TAG}': '${TAG}', // escaped
    'cost $5': 'cost $5', // a lone dollar
    '${NESTED}': '1.2-x',
  };
  it.each(Object.entries(expanded))('%j -> %j', (input, want) => {
    expect(interpolate(input, vars, 'test')).toBe(want);
  });

  it.each([
    ['unknown variable', '${NOPE}', /unknown variable NOPE/],
    ['function call', '${lower(TAG)}', /not supported here/],
    ['unterminated', '${TAG', /unterminated/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => interpolate(input, vars, 'test')).toThrow(message);
  });

  it('refuses a cycle', () => {
    expect(() => interpolate('${A}', { A: '${B}', B: '${A}' }, 'test')).toThrow(/cycle/);
  });
});

describe('resolveVariables', () => {
  const bake: BakeJson = {
    variable: {
      REGISTRY: [{ default: 'ghcr.io/x' }],
      TAG: [{ default: 'latest' }],
      EMPTY: [{}],
      NUM: [{ default: 3 }],
      DERIVED: [{ default: '${REGISTRY}/base' }],
    },
  };
  it.each([
    ['defaults', {}, { REGISTRY: 'ghcr.io/x', TAG: 'latest', EMPTY: '', NUM: '3', DERIVED: 'ghcr.io/x/base' }],
    ['env overrides', { TAG: 'v2', REGISTRY: 'localhost' }, { REGISTRY: 'localhost', TAG: 'v2', EMPTY: '', NUM: '3', DERIVED: 'localhost/base' }],
    ['env may set an empty string', { TAG: '' }, { REGISTRY: 'ghcr.io/x', TAG: '', EMPTY: '', NUM: '3', DERIVED: 'ghcr.io/x/base' }],
    ['env names that are not variables are ignored', { OTHER: 'x' }, { REGISTRY: 'ghcr.io/x', TAG: 'latest', EMPTY: '', NUM: '3', DERIVED: 'ghcr.io/x/base' }],
  ])('%s', (_name, env, want) => {
    expect(resolveVariables(bake, env)).toEqual(want);
  });

  it('refuses a list default', () => {
    expect(() => resolveVariables({ variable: { L: [{ default: ['a'] }] } }, {})).toThrow(BakeError);
  });
});

describe('targets and groups', () => {
  const bake: BakeJson = {
    target: {
      base: [{ context: '.', args: { A: '1', B: '2' }, labels: { l: 'base' }, platforms: ['linux/amd64'] }],
      mid: [{ inherits: ['base'], args: { B: 'mid' }, platforms: ['linux/arm64'] }],
      leaf: [{ inherits: ['mid'], args: { C: '3' }, labels: { l: 'leaf' }, tags: ['t'] }],
      loop: [{ inherits: ['loop'] }],
    },
    group: {
      default: [{ targets: ['leaf', 'more'] }],
      more: [{ targets: ['mid', 'leaf'] }],
      selfish: [{ targets: ['selfish'] }],
    },
  };
  it('merges args and labels down the inherits chain; replaces lists', () => {
    expect(flattenTarget(bake, 'leaf')).toEqual({
      context: '.',
      args: { A: '1', B: 'mid', C: '3' },
      labels: { l: 'leaf' },
      platforms: ['linux/arm64'],
      tags: ['t'],
    });
  });
  it.each([
    ['a target', ['base'], ['base']],
    ['a group, nested, each target once', ['default'], ['leaf', 'mid']],
    ['targets and groups mixed', ['base', 'more'], ['base', 'mid', 'leaf']],
  ])('expands %s', (_name, names, want) => {
    expect(expandTargets(bake, names)).toEqual(want);
  });
  it.each([
    ['an unknown name', () => expandTargets(bake, ['nope']), /neither a target nor a group/],
    ['a group that contains itself', () => expandTargets(bake, ['selfish']), /contains itself/],
    ['a target that inherits itself', () => flattenTarget(bake, 'loop'), /inherits itself/],
    ['an unknown parent', () => flattenTarget({ target: { a: [{ inherits: ['b'] }] } }, 'a'), /"b" is not defined/],
  ])('refuses %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('planBuilds', () => {
  it('resolves context and dockerfile (relative to the context), args, labels and tags', () => {
    const bake: BakeJson = {
      variable: { REG: [{ default: 'r' }] },
      target: { a: [{ context: 'sub', dockerfile: 'images/a/Dockerfile', tags: ['${REG}/a:1'], args: { X: '${REG}', N: null } }] },
      group: { default: [{ targets: ['a'] }] },
    };
    expect(planBuilds(bake, { baseDir: '/repo' })).toEqual([
      {
        target: 'a',
        context: '/repo/sub',
        dockerfile: '/repo/sub/images/a/Dockerfile',
        args: { X: 'r' },
        labels: {},
        tags: ['r/a:1'],
        platforms: [],
      },
    ]);
  });

  it('defaults: context ".", dockerfile "Dockerfile"', () => {
    const [p] = planBuilds({ target: { a: [{}] } }, { baseDir: '/repo', targets: ['a'] });
    expect([p!.context, p!.dockerfile]).toEqual(['/repo', '/repo/Dockerfile']);
  });

  it('turns a plan into podman build arguments', () => {
    const args = podmanBuildArgs(
      { target: 'a', context: '/c', dockerfile: '/c/D', args: { K: 'v' }, labels: { l: 'x y' }, tags: ['t1', 't2'], platforms: ['linux/amd64'] },
      ['--quiet'],
    );
    expect(args).toEqual(['build', '-f', '/c/D', '--build-arg', 'K=v', '--label', 'l=x y', '-t', 't1', '-t', 't2', '--quiet', '/c']);
  });
});

describe('docker-bake.hcl of this repository', () => {
  const file = join(ROOT, 'docker-bake.hcl');
  const agents = ['zookeeper-init', 'kafka-init', 'sidecar', 'canary'];

  it('has a target per agent in the default group, each for amd64 and arm64, tagged from REGISTRY and TAG', async () => {
    const bake = await parseBakeHcl(file, readFileSync(file, 'utf8'));
    const plans = planBuilds(bake, { baseDir: ROOT, env: { REGISTRY: 'registry.test/kafka', TAG: '9.9.9' } });
    expect(plans.map((p) => p.target)).toEqual(agents);
    for (const p of plans) {
      expect(p.tags).toEqual([`registry.test/kafka/${p.target}:9.9.9`]);
      expect(p.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(p.context).toBe(ROOT);
      expect(p.dockerfile).toBe(join(ROOT, 'images', p.target, 'Dockerfile'));
      expect(p.args.VERSION).toBe('9.9.9');
      expect(p.args.NODE_BASE).toMatch(/^gcr\.io\/distroless\/nodejs\d+-debian\d+/);
      expect(p.labels['org.opencontainers.image.title']).toBe(p.target);
      expect(p.labels['org.opencontainers.image.version']).toBe('9.9.9');
      for (const k of ['source', 'description', 'licenses']) expect(p.labels[`org.opencontainers.image.${k}`]).toBeTruthy();
    }
  });

  it('takes the Node base from NODE_BASE', async () => {
    const bake = await parseBakeHcl(file, readFileSync(file, 'utf8'));
    const plans = planBuilds(bake, { baseDir: ROOT, env: { NODE_BASE: 'localhost/node:x' } });
    expect(new Set(plans.map((p) => p.args.NODE_BASE))).toEqual(new Set(['localhost/node:x']));
  });

  it.each(agents)('images/%s/Dockerfile: base as ARG, the bundle at /app, exec-form node entrypoint, numeric non-root user', (agent) => {
    const text = readFileSync(join(ROOT, 'images', agent, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^ARG NODE_BASE=\S+$/m);
    expect(text).toMatch(/^FROM \$\{NODE_BASE\}$/m);
    expect(text).toContain(`dist/${agent}.js /app/${agent}.js`);
    expect(text).toMatch(new RegExp(`^ENTRYPOINT \\["node", "/app/${agent}\\.js"\\]$`, 'm'));
    expect(text).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
  });
});
