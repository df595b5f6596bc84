// Apart from failure-logs.ts because it registers vitest hooks: global setups import failure-logs.ts,
// and vitest itself may not be imported there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { keepLogsIfFailed } from './failure-logs.ts';

/**
 * A scratch directory for the servers of one describe block: made before its tests; afterwards `stop`
 * (the servers, in the order given), the logs kept if anything failed, and the directory removed.
 * Returns a getter, since the directory exists only once beforeAll has run.
 */
export function scratchDir(prefix: string, name: string, stop: () => Promise<unknown>): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async (suite) => {
    await stop();
    keepLogsIfFailed(suite, name, dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('scratchDir: the directory is made in beforeAll');
    return dir;
  };
}
