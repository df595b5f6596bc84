/** Timing a container from `podman run` to its first line of output, and to its exit. */
import { spawn } from 'node:child_process';
import { podmanEnv } from '../../images/bake/podman.ts';

export interface ColdStart {
  /** ms from spawning `podman run` to the first byte on stdout or stderr. */
  readonly firstLineMs: number;
  /** ms to the exit of `podman run` (undefined if it was still running at timeout). */
  readonly exitMs: number | undefined;
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * `podman run ARGS`, timed. onFirstOutput runs once at the first output (e.g. to stop a server
 * that would not exit by itself).
 */
export function timeRun(args: readonly string[], timeoutMs = 30_000, onFirstOutput?: () => void): Promise<ColdStart> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn('podman', ['run', ...args], { env: podmanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let first: number | undefined;
    let output = '';
    const onData = (d: Buffer) => {
      if (first === undefined) {
        first = ms();
        onFirstOutput?.();
      }
      output += d.toString('utf8');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ firstLineMs: first ?? Number.NaN, exitMs: code === null ? undefined : ms(), exitCode: code, output });
    });
  });
}
