/**
 * Runs sidecars for tests: in-process (startSidecar with a quiet logger) or as
 * the bundle dist/sidecar.js in its own process, the way its container runs it.
 */
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { resolveConfig, type Env } from '../../agents/lib/config/index.ts';
import { createLogger, type Logger } from '../../agents/lib/log.ts';
import { settings } from '../../agents/sidecar/settings.ts';
import { startSidecar, type Sidecar, type SidecarConfig } from '../../agents/sidecar/sidecar.ts';
import { bundlePath } from './run-bundle.ts';
import { freePort } from './ports.ts';
import { startProcess, type ZkProcess } from './zookeeper.ts';
import { waitFor } from './wait.ts';

/** A logger that keeps its lines in memory (shown when a test fails). */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('sidecar', 'debug', sink), lines };
}

export function sidecarConfig(env: Env): SidecarConfig {
  return resolveConfig(settings, { help: false, values: new Map() }, env).config;
}

export async function startTestSidecar(env: Env, opts: { processMetrics?: boolean } = {}): Promise<Sidecar & { lines: string[]; url: string }> {
  const { log, lines } = memoryLogger();
  const s = await startSidecar(sidecarConfig({ SIDECAR_PORT: String(await freePort()), ...env }), log, { host: '127.0.0.1', processMetrics: opts.processMetrics ?? false });
  return Object.assign(s, { lines, url: `http://127.0.0.1:${s.port}` });
}

export interface SidecarProcess {
  readonly url: string;
  readonly proc: ZkProcess;
  stop(): Promise<void>;
}

/** The bundle as a process; resolves once /healthz answers. */
export async function startSidecarProcess(env: Record<string, string>, logDir: string, name: string): Promise<SidecarProcess> {
  const port = await freePort();
  const proc = startProcess([process.execPath, bundlePath('sidecar')], join(logDir, `${name}.log`), {
    PATH: process.env.PATH ?? '',
    TERMINATION_MESSAGE_PATH: '/nonexistent/termination-log',
    SIDECAR_PORT: String(port),
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${name} /healthz`, async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: 15_000 });
  return { url, proc, stop: () => proc.stop() };
}

/** GET /readyz: the status code and the body's one line. */
export async function readyz(url: string): Promise<{ status: number; line: string }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, line: (await res.text()).trim() };
}

/** Waits until /readyz answers the wanted status (and a line containing `says`, when given); returns its line. */
export function waitForReadyz(url: string, status: 200 | 503, what: string, timeoutMs = 30_000, says?: string): Promise<string> {
  return waitFor(
    `${what}: /readyz ${status}${says === undefined ? '' : ` saying ${JSON.stringify(says)}`}`,
    async () => {
      const r = await readyz(url);
      return r.status === status && (says === undefined || r.line.includes(says)) ? r.line : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}
