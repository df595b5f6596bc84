/**
 * podman for tests, with the project's own configuration and image store under
 * .cache/podman (git-ignored), so images and bases survive between runs and
 * nothing touches the machine's default store. TESTBED.md: runc and cgroupfs,
 * explicit ulimits. Every call is synchronous and returns stdout; a failure
 * throws with podman's stderr.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './repo.ts';

export const CACHE_DIR = join(REPO_ROOT, '.cache');
const STORE = join(CACHE_DIR, 'podman');
// Runtime state belongs on tmpfs (gone after a reboot, as podman expects); one directory per store.
const RUN = `/run/kafka-agents-podman-${createHash('sha256').update(STORE).digest('hex').slice(0, 8)}`;

function configure(): NodeJS.ProcessEnv {
  mkdirSync(STORE, { recursive: true });
  const conf = join(STORE, 'containers.conf');
  const storage = join(STORE, 'storage.conf');
  writeFileIfChanged(
    conf,
    [
      '[containers]',
      'default_ulimits = ["nofile=10000:10000", "nproc=4096:4096"]',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `tmp_dir = "${RUN}/libpod"`,
      '',
    ].join('\n'),
  );
  writeFileIfChanged(
    storage,
    ['[storage]', 'driver = "overlay"', `graphroot = "${join(STORE, 'storage')}"`, `runroot = "${RUN}/storage"`, ''].join('\n'),
  );
  return { ...process.env, CONTAINERS_CONF: conf, CONTAINERS_STORAGE_CONF: storage };
}

function writeFileIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}

let env: NodeJS.ProcessEnv | undefined;
export function podmanEnv(): NodeJS.ProcessEnv {
  env ??= configure();
  return env;
}

export function podmanAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('podman', ['--version'], { stdio: 'ignore', env: podmanEnv() }).status === 0;
}

export interface PodmanOptions {
  input?: string | Buffer;
  /** Extra environment (e.g. for podman build). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs podman; returns stdout (trimmed). Throws with stderr when podman fails. */
export function podman(args: readonly string[], opts: PodmanOptions = {}): string {
  const r = podmanRaw(args, opts);
  if (r.status !== 0) {
    throw new Error(`podman ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.trim().slice(-2000)}`);
  }
  return r.stdout.trim();
}

/** Runs podman and returns the whole result, failing or not. */
export function podmanRaw(args: readonly string[], opts: PodmanOptions = {}): SpawnSyncReturns<string> {
  return spawnSync('podman', args, {
    encoding: 'utf8',
    env: { ...podmanEnv(), ...opts.env },
    input: opts.input,
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs podman without blocking the event loop (servers in this process keep answering). Never rejects. */
export function podmanAsync(args: readonly string[], opts: PodmanOptions = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('podman', args, { env: { ...podmanEnv(), ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr: stderr + String(e) });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export function imageExists(ref: string): boolean {
  return podmanRaw(['image', 'exists', ref]).status === 0;
}

/** Size of an image in bytes (uncompressed, as podman reports it). */
export function imageSize(ref: string): number {
  return Number(podman(['image', 'inspect', '--format', '{{.Size}}', ref]));
}
