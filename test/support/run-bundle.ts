/**
 * Runs a bundled agent (dist/<name>.js) as a process, the way its container does.
 * `wrap` is a command prefix (e.g. setpriv to drop to another uid).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../images/bake/repo.ts';

export interface BundleResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON log lines. */
  logs: Array<Record<string, unknown>>;
}

export function bundlePath(agent: string): string {
  const p = join(REPO_ROOT, 'dist', `${agent}.js`);
  if (!existsSync(p)) throw new Error(`${p} is missing: run npm run build first (npm test does)`);
  return p;
}

export function runBundle(
  agent: string,
  { env = {}, args = [], timeoutMs = 20_000, wrap = [] }: { env?: Record<string, string>; args?: string[]; timeoutMs?: number; wrap?: string[] } = {},
): Promise<BundleResult> {
  return new Promise((resolve, reject) => {
    const argv = [...wrap, process.execPath, bundlePath(agent), ...args];
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { PATH: process.env.PATH ?? '', TERMINATION_MESSAGE_PATH: '/nonexistent/termination-log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(t);
      const logs = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, signal, stdout, stderr, logs });
    });
  });
}
