/**
 * Exit codes shared by every agent. Kept in one place so manifests, tests and
 * humans agree on what a container's exit status means.
 */
export const ExitCode = {
  /** Done: the work is complete (or was already complete). */
  OK: 0,
  /** Runtime failure: something outside the configuration went wrong. */
  RUNTIME: 1,
  /** Bad configuration: a setting is missing or invalid; retrying will not help. */
  CONFIG: 2,
  /** Stopped by SIGTERM/SIGINT before finishing (128 + 15, as a shell reports it). */
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error that carries its exit code and a stable machine-readable code.
 * The message is one line a human can act on: what is wrong and how to fix it.
 */
export class AgentError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;

  constructor(code: string, message: string, exitCode: ExitCode = ExitCode.RUNTIME) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A setting is missing or has a value the agent cannot use. Exit 2. */
export class ConfigError extends AgentError {
  readonly setting: string | undefined;

  constructor(message: string, setting?: string, code = 'E_CONFIG') {
    super(code, message, ExitCode.CONFIG);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
