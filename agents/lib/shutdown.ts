/**
 * SIGTERM and SIGINT handling. Node as PID 1 in a container ignores SIGTERM
 * unless a handler is installed, so every agent installs this one: it aborts
 * the returned signal, and if the agent has not exited after the grace period,
 * exits with 143.
 */
export interface Shutdown {
  readonly signal: AbortSignal;
  /** Removes the handlers (tests, or when the agent is done). */
  dispose(): void;
}

export function onShutdown(graceMs = 10_000, onSignal?: (name: NodeJS.Signals) => void): Shutdown {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.exit(143); // a second signal: stop now
    }
    onSignal?.(name);
    controller.abort(new Error(`received ${name}`));
    setTimeout(() => process.exit(143), graceMs).unref();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
