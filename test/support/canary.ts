/**
 * Runs the canary bundle (dist/canary.js) as its container does, in its own process, with its JSON
 * log collected as it comes: tests watch it while it runs (kill a broker mid-run, scrape /metrics)
 * and read its exit code and last lines when it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bundlePath } from './run-bundle.ts';

export interface CanaryProcess {
  readonly child: ChildProcess;
  /** Every JSON log line so far. */
  readonly logs: Array<Record<string, unknown>>;
  readonly stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startCanaryProcess(env: Record<string, string>, timeoutMs = 180_000): CanaryProcess {
  const child = spawn(process.execPath, [bundlePath('canary')], {
    env: { PATH: process.env.PATH ?? '', TERMINATION_MESSAGE_PATH: '/nonexistent/termination-log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const l of lines) if (l.startsWith('{')) logs.push(JSON.parse(l) as Record<string, unknown>);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The last log line whose message starts with `prefix`. */
export function lastLine(logs: ReadonlyArray<Record<string, unknown>>, prefix: string): Record<string, unknown> | undefined {
  return [...logs].reverse().find((l) => String(l.msg).startsWith(prefix));
}
