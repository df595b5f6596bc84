/** Polling for the readiness benchmarks: a sidecar's /readyz, and the moment a condition first held. */
import { sleep } from '../support/wait.ts';

/** How often the readiness benchmarks look. */
export const POLL_MS = 20;

/** The status of /readyz (0 when it does not answer); its line appended to `lines` when it changed. */
export async function readyzStatus(url: string, lines?: string[]): Promise<number> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    const line = (await res.text()).trim().replace(/\(\d+ APIs\)/g, '(n APIs)');
    if (lines && lines[lines.length - 1] !== line) lines.push(line);
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls every POLL_MS until `probe` holds; the time it first held (performance.now()). */
export async function pollUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return performance.now();
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
