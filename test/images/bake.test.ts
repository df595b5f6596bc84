import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlans, readPlans } from '../../images/bake/bake.ts';

describe('bake.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bake-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a bake file from disk, with variables from the given environment', async () => {
    mkdirSync(join(dir, 'images/a'), { recursive: true });
    const file = join(dir, 'docker-bake.hcl');
    writeFileSync(file, 'variable "TAG" {\n  default = "1"\n}\ntarget "a" {\n  dockerfile = "images/a/Dockerfile"\n  tags = ["r/a:${TAG}"]\n}\ngroup "default" {\n  targets = ["a"]\n}\n');
    const [plan] = await readPlans(['default'], { TAG: '2' }, file);
    expect(plan).toMatchObject({ target: 'a', context: dir, dockerfile: join(dir, 'images/a/Dockerfile'), tags: ['r/a:2'] });
  });

  it('refuses to build when the bundle a Dockerfile copies is missing, before calling podman', () => {
    mkdirSync(join(dir, 'images/b'), { recursive: true });
    writeFileSync(join(dir, 'images/b/Dockerfile'), 'FROM scratch\nCOPY --chmod=0444 dist/b.js /app/b.js\n');
    const plan = { target: 'b', context: dir, dockerfile: join(dir, 'images/b/Dockerfile'), args: {}, labels: {}, tags: ['r/b:1'], platforms: [] };
    expect(() => buildPlans([plan])).toThrow(/dist\/b\.js is missing; run npm run build first/);
  });
});
