/**
 * Java .properties files (zoo.cfg and server.properties are both read by
 * java.util.Properties). A template is kept as written, comments included; the
 * agent appends the keys it owns after it, and refuses a template that sets one.
 */
import { ConfigError } from './exit-codes.ts';

export interface PropertyLine {
  /** 1-based line number where the entry starts. */
  readonly line: number;
  readonly key: string;
  readonly value: string;
}

/** Unescapes the few escapes Properties.load knows that matter for keys and values. */
function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** The entries of a properties text, in order, as Properties.load reads them. */
export function parseProperties(text: string): PropertyLine[] {
  const out: PropertyLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let logical = lines[i]!.replace(/^[ \t\f]+/, '');
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    // A line ending in an odd number of backslashes continues on the next.
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    }
    const m = /^((?:\\.|[^\\=: \t\f])*)[ \t\f]*(?:[=:][ \t\f]*)?(.*)$/.exec(logical)!;
    out.push({ line: start, key: unescape(m[1]!), value: unescape(m[2]!) });
  }
  return out;
}

/** Escapes a value so Properties.load reads it back unchanged. */
export function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/^[ \t\f]/, (c) => '\\' + c);
}

export type OwnedKey = string | RegExp;

function owns(owned: readonly OwnedKey[], key: string): boolean {
  return owned.some((o) => (typeof o === 'string' ? o === key : o.test(key)));
}

/**
 * Checks a template against the keys an agent owns. Throws ConfigError naming
 * the first owned key found, its line, and the setting that controls it instead.
 */
export function assertNoOwnedKeys(
  entries: readonly PropertyLine[],
  owned: readonly OwnedKey[],
  setting: string,
  file: string,
  controlledBy: (key: string) => string,
): void {
  for (const e of entries) {
    if (owns(owned, e.key)) {
      throw new ConfigError(
        `${setting} ${file} line ${e.line} sets ${e.key}, which this agent derives; remove it from the template (${controlledBy(e.key)})`,
        setting,
        'E_TEMPLATE_OWNED_KEY',
      );
    }
  }
  const seen = new Map<string, number>();
  for (const e of entries) {
    const prev = seen.get(e.key);
    if (prev !== undefined) {
      throw new ConfigError(
        `${setting} ${file} sets ${e.key} twice (lines ${prev} and ${e.line}); keep one`,
        setting,
        'E_TEMPLATE_DUPLICATE_KEY',
      );
    }
    seen.set(e.key, e.line);
  }
}

/**
 * The template text, then a marked section with the given entries. Entries in
 * `defaults` are written only where the template does not set the key.
 */
export function renderProperties(opts: {
  header: string;
  template?: string;
  templateKeys?: readonly PropertyLine[];
  derived: ReadonlyArray<readonly [string, string]>;
  defaults?: ReadonlyArray<readonly [string, string]>;
}): string {
  const parts: string[] = [opts.header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'), ''];
  const inTemplate = new Set((opts.templateKeys ?? []).map((e) => e.key));
  if (opts.template !== undefined && opts.template.trim() !== '') {
    parts.push(opts.template.replace(/\s+$/, ''), '');
  }
  const defaults = (opts.defaults ?? []).filter(([k]) => !inTemplate.has(k));
  if (defaults.length > 0) {
    parts.push('# Defaults (a template may set these instead)');
    for (const [k, v] of defaults) parts.push(`${k}=${escapeValue(v)}`);
    parts.push('');
  }
  parts.push('# Derived (owned by the agent; do not set in a template)');
  for (const [k, v] of opts.derived) parts.push(`${k}=${escapeValue(v)}`);
  return parts.join('\n') + '\n';
}
