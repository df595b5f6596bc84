/**
 * A schema is a record of named settings. parseConfig turns (argv, env) into a
 * frozen, typed configuration, with precedence flag > environment > default.
 * It does no I/O, so tests pass plain objects.
 */
import { ConfigError } from '../exit-codes.ts';
import { InvalidValue, type Setting } from './setting.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Readonly<Record<string, Setting<any>>>;

export type ConfigOf<S extends Schema> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

export type Env = Readonly<Record<string, string | undefined>>;

export interface ParsedArgs {
  /** --help or -h was given. */
  readonly help: boolean;
  /** Flag values by env name. */
  readonly values: ReadonlyMap<string, string>;
}

/** Where a value came from, for the effective-config log. */
export type Source = 'flag' | 'env' | 'default';

export interface Parsed<S extends Schema> {
  readonly config: ConfigOf<S>;
  readonly sources: Readonly<Record<keyof S, Source | 'unset'>>;
}

/** Reads flags (--name value, --name=value, bare --name for booleans) into values keyed by env name. */
export function parseArgs(schema: Schema, argv: readonly string[]): ParsedArgs {
  const byFlag = new Map<string, Setting<unknown>>();
  for (const s of Object.values(schema)) byFlag.set(s.flag, s);
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new ConfigError(`unexpected argument ${JSON.stringify(arg)}: settings are given as --flag value or environment variables; see --help`);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const setting = byFlag.get(name);
    if (!setting) {
      throw new ConfigError(`unknown flag ${name}; see --help for the list of settings`, name);
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else if (setting.kind === '<bool>' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))) {
      value = 'true';
    } else if (argv[i + 1] === undefined) {
      throw new ConfigError(`invalid flag: ${name} needs a value (${setting.kind})`, setting.env);
    } else {
      value = argv[++i]!;
    }
    if (values.has(setting.env)) {
      throw new ConfigError(`invalid flag: ${name} is given twice`, setting.env);
    }
    values.set(setting.env, value);
  }
  return { help, values };
}

/** Resolves every setting: flag, then env (and its fallbacks), then default. Throws ConfigError. */
export function resolveConfig<S extends Schema>(schema: S, args: ParsedArgs, env: Env): Parsed<S> {
  const config: Record<string, unknown> = {};
  const sources: Record<string, Source | 'unset'> = {};
  for (const [key, setting] of Object.entries(schema)) {
    let raw: string | undefined;
    let source: Source | 'unset' = 'unset';
    let from = setting.flag;
    if (args.values.has(setting.env)) {
      raw = args.values.get(setting.env);
      source = 'flag';
    } else {
      for (const name of [setting.env, ...setting.fallbackEnv]) {
        if (env[name] !== undefined) {
          raw = env[name];
          source = 'env';
          from = `$${name}`;
          break;
        }
      }
    }
    if (raw === undefined) {
      if (setting.default === undefined && setting.required) {
        const alt = setting.fallbackEnv.length > 0 ? ` (or $${setting.fallbackEnv.join(', $')})` : '';
        throw new ConfigError(
          `missing setting: set $${setting.env}${alt} or ${setting.flag} (${setting.help.split('. ')[0]})`,
          setting.env,
        );
      }
      config[key] = setting.default;
      sources[key] = setting.default === undefined ? 'unset' : 'default';
      continue;
    }
    try {
      config[key] = setting.parse(raw);
    } catch (e) {
      if (e instanceof InvalidValue) {
        throw new ConfigError(`invalid setting ${from === setting.flag ? setting.flag : `${setting.flag} (${from})`}: ${e.message}`, setting.env);
      }
      throw e;
    }
    sources[key] = source;
  }
  return { config: Object.freeze(config) as ConfigOf<S>, sources: Object.freeze(sources) as Parsed<S>['sources'] };
}

/** The effective configuration as plain JSON for one log line, secrets redacted. */
export function effectiveConfig<S extends Schema>(schema: S, config: ConfigOf<S>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, setting] of Object.entries(schema)) {
    const v = (config as Record<string, unknown>)[key];
    out[setting.env] = setting.secret && v !== undefined ? '<redacted>' : setting.show(v);
  }
  return out;
}
