/**
 * The frame every agent runs in: --help; configuration, and the agent's plan derived from it once,
 * before any I/O (a config error exits 2 with nothing touched); the logger and the effective
 * configuration logged once; SIGTERM; the mapping of errors to exit codes and the termination log.
 * An agent is settings -> plan (pure) -> run (the I/O, given the plan).
 */
import { AgentError, ConfigError, ExitCode } from './exit-codes.ts';
import { commonSettings, effectiveConfig, helpText, parseArgs, resolveConfig, type ConfigOf, type Env, type Schema } from './config/index.ts';
import { createLogger, type Logger } from './log.ts';
import { onShutdown } from './shutdown.ts';
import { writeTerminationMessage } from './termination-log.ts';

export type WithCommon<S extends Schema> = S & typeof commonSettings;

export interface AgentContext<S extends Schema, P = undefined> {
  readonly config: ConfigOf<WithCommon<S>>;
  /** What the agent's plan() derived from the config. */
  readonly plan: P;
  readonly log: Logger;
  /** Aborted on SIGTERM/SIGINT. */
  readonly signal: AbortSignal;
  readonly env: Env;
}

export interface AgentSpec<S extends Schema, P = undefined> {
  /** The agent's folder, image, container and bundle name. */
  readonly name: string;
  /** One line for --help. */
  readonly summary: string;
  readonly schema: S;
  /** Everything that follows from the settings alone, checked across them; throws ConfigError. No I/O. */
  plan(config: ConfigOf<WithCommon<S>>): P;
  /** The work. Resolves with an exit code (default 0). */
  run(ctx: AgentContext<S, P>): Promise<number | void>;
}

export function fullSchema<S extends Schema, P>(spec: AgentSpec<S, P>): WithCommon<S> {
  return { ...spec.schema, ...commonSettings };
}

export interface RunOptions {
  argv?: readonly string[];
  env?: Env;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs the agent and resolves with its exit code. Never throws. */
export async function runAgent<S extends Schema, P>(spec: AgentSpec<S, P>, opts: RunOptions = {}): Promise<number> {
  const argv = opts.argv ?? process.argv.slice(2);
  const env = opts.env ?? process.env;
  const stderr = opts.stderr ?? process.stderr;
  const schema = fullSchema(spec);

  let config: ConfigOf<WithCommon<S>>;
  let plan: P;
  try {
    const args = parseArgs(schema, argv);
    if (args.help) {
      (opts.stdout ?? process.stdout).write(helpText(spec.name, spec.summary, schema));
      return ExitCode.OK;
    }
    config = resolveConfig(schema, args, env).config;
    plan = spec.plan(config);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    stderr.write(`${spec.name}: ${message}\nRun with --help for every setting.\n`);
    const log = createLogger(spec.name, 'info');
    const code = e instanceof AgentError ? e.exitCode : ExitCode.CONFIG;
    log.error({ code: e instanceof AgentError ? e.code : 'E_CONFIG', setting: e instanceof ConfigError ? e.setting : undefined, exitCode: code }, message);
    await writeTerminationMessage(env.TERMINATION_MESSAGE_PATH || '/dev/termination-log', message);
    return code;
  }

  const common = config as unknown as ConfigOf<typeof commonSettings>;
  const log = createLogger(spec.name, common.logLevel);
  log.info({ config: effectiveConfig(schema, config) }, 'effective configuration');
  const shutdown = onShutdown(10_000, (name) => log.warn({ signal: name }, 'stopping on signal'));
  try {
    const code = await spec.run({ config, plan, log, signal: shutdown.signal, env });
    return code ?? ExitCode.OK;
  } catch (e) {
    if (shutdown.signal.aborted && !(e instanceof AgentError)) {
      log.warn('stopped before finishing');
      return ExitCode.TERMINATED;
    }
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof AgentError ? e.exitCode : ExitCode.RUNTIME;
    if (e instanceof ConfigError) stderr.write(`${spec.name}: ${message}\nRun with --help for every setting.\n`);
    log.error({ code: e instanceof AgentError ? e.code : 'E_UNEXPECTED', exitCode: code, err: e instanceof AgentError ? undefined : e }, message);
    await writeTerminationMessage(common.terminationLog, message);
    return code;
  } finally {
    shutdown.dispose();
  }
}

/** Entry point for an agent's main.ts: run, then let the process exit on its own so logs flush. */
export function main<S extends Schema, P>(spec: AgentSpec<S, P>): void {
  runAgent(spec).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${spec.name}: ${String(e)}\n`);
      process.exitCode = ExitCode.RUNTIME;
    },
  );
}
