// The README's layout table names folders that exist, and every folder of agents/, images/ and test/ is in it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../images/bake/repo.ts';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const table = readme.slice(readme.indexOf('## Layout'), readme.indexOf('\n## ', readme.indexOf('## Layout') + 1));
const agents = readdirSync(join(REPO_ROOT, 'agents'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'lib').map((e) => e.name);

/** The paths of the table's first column, `<agent>` spelled out for every agent. */
const named = [...table.matchAll(/^\| (.+?) \|/gm)]
  .flatMap((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!))
  .flatMap((p) => (p.includes('<agent>') ? agents.map((a) => p.replace('<agent>', a)) : [p]))
  .map((p) => p.replace(/\/$/, ''));

const folders = (dir: string) => readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${dir}/${e.name}`);

describe("the README's layout table", () => {
  it('names only paths that exist', () => {
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((p) => !existsSync(join(REPO_ROOT, p)))).toEqual([]);
  });

  it.each(['agents', 'images', 'test'])('covers every folder of %s/', (dir) => {
    expect(folders(dir).filter((f) => !named.includes(f))).toEqual([]);
  });
});
