/** Reads a fixture under test/sidecar/fixtures (replies captured from a real ZooKeeper 3.8). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(new URL('.', import.meta.url).pathname, 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
