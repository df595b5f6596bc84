/**
 * Keeps a test file's server logs when something in it failed: called from the file's afterAll before
 * it removes its directory, it copies that directory's *.log files to .cache/test-logs/<name>-<time>/
 * and says where. A file whose tests all passed leaves nothing behind.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { RunnerTask } from 'vitest';
import { REPO_ROOT } from './versions.ts';

function failed(task: RunnerTask): boolean {
  if (task.result?.state === 'fail') return true;
  return 'tasks' in task && task.tasks.some(failed);
}

function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.log') && statSync(f).isFile());
}

/** Copies the *.log files under `dir` to .cache/test-logs/<name>-<time>/ and says where. */
export function keepLogs(name: string, dir: string): void {
  const to = join(REPO_ROOT, '.cache', 'test-logs', `${basename(name).replace(/\.test\.ts$/, '')}-${Date.now()}`);
  for (const f of logFiles(dir)) {
    const dest = join(to, relative(dir, f));
    mkdirSync(join(dest, '..'), { recursive: true });
    cpSync(f, dest);
  }
  console.error(`logs of the failed test kept in ${relative(REPO_ROOT, to)}`);
}

/** `suite` is what vitest hands afterAll; a failed beforeAll counts as a failure. */
export function keepLogsIfFailed(suite: RunnerTask, name: string, dir: string | undefined): void {
  if (dir && failed(suite)) keepLogs(name, dir);
}
