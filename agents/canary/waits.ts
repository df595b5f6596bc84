/** Waiting that gives way to SIGTERM: a condition polled, and a bounded start. */
import { AgentError } from '../lib/exit-codes.ts';

/** Resolves true once `done()` holds, false when `signal` aborts first. Polls every 100 ms. */
export function waitUntil(signal: AbortSignal, done: () => boolean, pollMs = 100): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    if (done()) return resolve(true);
    const timer = setInterval(() => {
      if (done()) finish(true);
    }, pollMs);
    const onAbort = () => finish(false);
    const finish = (v: boolean) => {
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `work`; rejects with an AgentError saying `message()` after `ms`, or with the signal's reason when it aborts. */
export async function withTimeout<T>(ms: number, signal: AbortSignal, message: () => string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AgentError('E_START', message())), ms);
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const w = work();
  w.catch(() => undefined);
  try {
    return await Promise.race([w, limit]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
