/**
 * Declaring one setting: its environment variable, its flag (derived from the
 * variable, kebab-case), its default, its help text and how a raw string
 * becomes a typed value. Every agent declares all its settings this way, once.
 */

/** Thrown by a parser: a short phrase that completes "must ..." or says what is wrong. */
export class InvalidValue extends Error {}

export interface Setting<T> {
  /** Environment variable, e.g. ZK_REPLICAS. */
  readonly env: string;
  /** Flag, e.g. --zk-replicas (derived from env). */
  readonly flag: string;
  /** Other environment variables read, in order, when env is unset (e.g. HOSTNAME for POD_NAME). */
  readonly fallbackEnv: readonly string[];
  /** One or two sentences: what it is for, and what a sensible value is. */
  readonly help: string;
  /** Placeholder shown in --help, e.g. "<int>". */
  readonly kind: string;
  /** The default value; undefined when there is none. */
  readonly default: T | undefined;
  /** Missing and no default is a configuration error. */
  readonly required: boolean;
  /** The value is redacted when the effective configuration is logged. */
  readonly secret: boolean;
  /** Turns the raw string into a value; throws InvalidValue. */
  parse(raw: string): T;
  /** Renders a value for --help and the effective-config log. */
  show(value: T | undefined): string;
}

export interface SettingOptions<T> {
  env: string;
  help: string;
  default?: T;
  required?: boolean;
  fallbackEnv?: string[];
  secret?: boolean;
}

/** ZK_REPLICAS -> --zk-replicas */
export function flagFor(env: string): string {
  return '--' + env.toLowerCase().replace(/_/g, '-');
}

function make<T>(
  kind: string,
  parse: (raw: string) => T,
  opts: SettingOptions<T>,
  show: (v: T) => string = (v) => String(v),
): Setting<T> {
  if (!/^[A-Z][A-Z0-9_]*$/.test(opts.env)) {
    throw new Error(`setting env name ${JSON.stringify(opts.env)} must be UPPER_SNAKE_CASE`);
  }
  return Object.freeze({
    env: opts.env,
    flag: flagFor(opts.env),
    fallbackEnv: Object.freeze([...(opts.fallbackEnv ?? [])]),
    help: opts.help,
    kind,
    default: opts.default,
    required: opts.required ?? false,
    secret: opts.secret ?? false,
    parse,
    show: (v: T | undefined) => (v === undefined ? '' : show(v)),
  });
}

const INT = /^[+-]?\d+$/;

function parseInt10(raw: string, what: string): number {
  const s = raw.trim();
  if (!INT.test(s)) throw new InvalidValue(`must be ${what}, got ${JSON.stringify(raw)}`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new InvalidValue(`must be ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A free-form string. Empty is allowed unless `nonEmpty`. */
export function string(
  opts: SettingOptions<string> & { nonEmpty?: boolean; pattern?: RegExp; patternHelp?: string },
): Setting<string> {
  return make<string>(
    '<string>',
    (raw) => {
      if (opts.nonEmpty && raw.trim() === '') throw new InvalidValue('must not be empty');
      if (opts.pattern && !opts.pattern.test(raw)) {
        throw new InvalidValue(`${opts.patternHelp ?? `must match ${opts.pattern}`}, got ${JSON.stringify(raw)}`);
      }
      return raw;
    },
    opts,
    (v) => v,
  );
}

/** A string that may be absent: an empty value means "not set". */
export function optionalString(opts: Omit<SettingOptions<string>, 'default' | 'required'>): Setting<string | undefined> {
  return make<string | undefined>('<string>', (raw) => (raw.trim() === '' ? undefined : raw), opts, (v) => v ?? '');
}

/** A filesystem path; must be absolute so a manifest never depends on a working directory. */
export function path(opts: SettingOptions<string>): Setting<string> {
  return make<string>(
    '<path>',
    (raw) => {
      if (!raw.startsWith('/')) throw new InvalidValue(`must be an absolute path, got ${JSON.stringify(raw)}`);
      return raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
    },
    opts,
  );
}

/** An optional absolute path; empty means "not set". */
export function optionalPath(opts: Omit<SettingOptions<string>, 'default' | 'required'>): Setting<string | undefined> {
  return make<string | undefined>(
    '<path>',
    (raw) => {
      if (raw.trim() === '') return undefined;
      if (!raw.startsWith('/')) throw new InvalidValue(`must be an absolute path, got ${JSON.stringify(raw)}`);
      return raw;
    },
    opts,
    (v) => v ?? '',
  );
}

/** An integer within [min, max]. */
export function int(opts: SettingOptions<number> & { min?: number; max?: number }): Setting<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const what =
    opts.min === 1 && opts.max === undefined
      ? 'a positive integer'
      : opts.min === 0 && opts.max === undefined
        ? 'a non-negative integer'
        : opts.max === undefined
          ? `an integer >= ${min}`
          : `an integer from ${min} to ${max}`;
  return bounded('<int>', what, min, max, opts);
}

/** A TCP port, 1..65535. */
export function port(opts: SettingOptions<number>): Setting<number> {
  return bounded('<port>', 'a TCP port from 1 to 65535', 1, 65535, opts);
}

function bounded(metavar: string, what: string, min: number, max: number, opts: SettingOptions<number>): Setting<number> {
  const parse = (raw: string): number => {
    const n = parseInt10(raw, what);
    if (n < min || n > max) throw new InvalidValue(`must be ${what}, got ${n}`);
    return n;
  };
  return make<number>(metavar, parse, opts);
}

/** true/false (also 1/0, yes/no). A flag given alone means true. */
export function bool(opts: SettingOptions<boolean>): Setting<boolean> {
  return make<boolean>(
    '<bool>',
    (raw) => {
      const s = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      throw new InvalidValue(`must be true or false, got ${JSON.stringify(raw)}`);
    },
    opts,
  );
}

/** One of a fixed list of words. */
export function oneOf<const V extends string>(values: readonly V[], opts: SettingOptions<V>): Setting<V> {
  return make<V>(
    `<${values.join('|')}>`,
    (raw) => {
      const s = raw.trim();
      if (!(values as readonly string[]).includes(s)) {
        throw new InvalidValue(`must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`);
      }
      return s as V;
    },
    opts,
  );
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses "500ms", "5s", "1.5m", "2h" into milliseconds. */
export function parseDurationMs(raw: string): number {
  const m = DURATION.exec(raw.trim());
  if (!m) throw new InvalidValue(`must be a duration like 500ms, 5s, 2m or 1h, got ${JSON.stringify(raw)}`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

export function showDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A duration, held in milliseconds, within [min, max] milliseconds. */
export function duration(opts: SettingOptions<number> & { minMs?: number; maxMs?: number }): Setting<number> {
  return make<number>(
    '<duration>',
    (raw) => {
      const ms = parseDurationMs(raw);
      if (opts.minMs !== undefined && ms < opts.minMs) {
        throw new InvalidValue(`must be at least ${showDuration(opts.minMs)}, got ${raw}`);
      }
      if (opts.maxMs !== undefined && ms > opts.maxMs) {
        throw new InvalidValue(`must be at most ${showDuration(opts.maxMs)}, got ${raw}`);
      }
      return ms;
    },
    opts,
    showDuration,
  );
}

/** A comma-separated list of words; blanks dropped. */
export function list(opts: SettingOptions<string[]> & { allowed?: readonly string[]; nonEmpty?: boolean }): Setting<string[]> {
  return make<string[]>(
    '<a,b,...>',
    (raw) => {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (opts.nonEmpty && items.length === 0) throw new InvalidValue('must list at least one item');
      if (opts.allowed) {
        const bad = items.filter((i) => !opts.allowed!.includes(i));
        if (bad.length > 0) {
          throw new InvalidValue(`has unknown item(s) ${bad.join(', ')}; allowed: ${opts.allowed.join(', ')}`);
        }
      }
      const dup = items.find((s, i) => items.indexOf(s) !== i);
      if (dup !== undefined) throw new InvalidValue(`lists ${dup} twice`);
      return items;
    },
    opts,
    (v) => v.join(','),
  );
}

/** A regular expression (for include/exclude filters). */
export function regex(opts: SettingOptions<RegExp>): Setting<RegExp> {
  return make<RegExp>(
    '<regex>',
    (raw) => {
      try {
        return new RegExp(`^(?:${raw})$`);
      } catch (e) {
        throw new InvalidValue(`must be a valid regular expression: ${(e as Error).message}`);
      }
    },
    opts,
    (v) => v.source.replace(/^\^\(\?:/, '').replace(/\)\$$/, ''),
  );
}

/** A setting with its own parser (which throws InvalidValue), e.g. a DNS label. */
export function custom<T>(kind: string, parse: (raw: string) => T, opts: SettingOptions<T>, show?: (v: T) => string): Setting<T> {
  return make<T>(kind, parse, opts, show);
}
