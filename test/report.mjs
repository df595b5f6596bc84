// Runs every vitest suite (unit, integration, e2e, kubernetes) and ends with one plain line
// "tests: N passed, N failed" that any CI log reader understands.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const suites = [
  ['unit and integration', 'test/vitest.config.ts'],
  ['end to end', 'test/e2e/vitest.config.ts'],
  ['kubernetes', 'test/kubernetes/vitest.config.ts'],
];
let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
mkdirSync('.cache', { recursive: true });
for (const [name, config] of suites) {
  try {
    readFileSync(config);
  } catch {
    continue;
  }
  const out = `.cache/vitest-${name.replace(/\W+/g, '-')}.json`;
  console.log(`\n== ${name} (${config})`);
  const r = spawnSync('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile=${out}`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) status = 1;
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + j.numTodoTests;
  } catch {
    status = 1;
    failed += 1;
    console.log(`no results from ${name}`);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status || (failed > 0 ? 1 : 0));
