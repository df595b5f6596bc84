/**
 * Test inputs kept as data under test/fixtures/<area>/: replies captured from real servers, key lists
 * from Kafka's documentation, small Java programs that read files as the JVM does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../images/bake/repo.ts';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** The text of test/fixtures/<path>. */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}
