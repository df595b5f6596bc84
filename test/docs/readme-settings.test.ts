// The README's settings tables are rendered from each agent's own schema, so
// they cannot drift from the code. UPDATE_GOLDEN=1 rewrites them in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonSettings, markdownTable, type Schema } from '../../agents/lib/config/index.ts';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';
import { agentSchemas } from '../manifests/lint/agent-schemas.ts';

const README = join(ROOT, 'README.md');

describe('README settings tables', () => {
  it.each(Object.entries(agentSchemas))('%s table matches its schema', (agent, schema: Schema) => {
    const readme = readFileSync(README, 'utf8');
    const open = `<!-- settings:${agent} -->`;
    const close = `<!-- /settings:${agent} -->`;
    const start = readme.indexOf(open);
    const end = readme.indexOf(close);
    expect(start, `README.md needs ${open} ... ${close}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const want = `${open}\n${markdownTable({ ...schema, ...commonSettings })}${close}`;
    const have = readme.slice(start, end + close.length);
    if (process.env.UPDATE_GOLDEN === '1' && have !== want) {
      writeFileSync(README, readme.slice(0, start) + want + readme.slice(end + close.length));
      return;
    }
    expect(have, 'README settings table is stale: UPDATE_GOLDEN=1 npm test rewrites it').toBe(want);
  });
});
