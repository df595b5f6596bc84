/**
 * Java .properties files (zoo.cfg and server.properties are both read by
 * java.util.Properties). A template is kept as written, comments included; the
 * agent appends the keys it owns after it, and refuses a template that sets one.
 *
 * Reading follows Properties.load(InputStream) exactly: bytes are ISO-8859-1 (callers decode them
 * as 'latin1'), lines end at \n, \r or \r\n, a line ending in an odd number of backslashes goes on,
 * and a malformed \uXXXX escape is an error (Java throws). Writing escapes every value so Java reads
 * back that value: line breaks, backslashes, leading whitespace, anything outside printable ASCII.
 */
import { ConfigError } from './exit-codes.ts';

export interface PropertyLine {
  /** 1-based line number where the entry starts. */
  readonly line: number;
  readonly key: string;
  readonly value: string;
}

/** Text Properties.load refuses (it throws IllegalArgumentException). */
export class PropertiesSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PropertiesSyntaxError';
  }
}

const WS = new Set([' ', '\t', '\f']);
const ESCAPED: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Properties.loadConvert: the escapes of one key or value. */
function unescape(s: string, line: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new PropertiesSyntaxError(line, `line ${line} has a malformed \\uXXXX escape (\\u${hex}), which Java's Properties.load refuses: write four hex digits, or \\\\u for a backslash and a u`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else out += ESCAPED[e] ?? e;
  }
  return out;
}

/** Properties.LineReader: the logical lines (continuations joined, comments and blank lines skipped). */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let logical = lines[i]!.replace(/^[ \t\f]+/, '');
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    // A line ending in an odd number of backslashes continues on the next; at the end of the text
    // the backslash is dropped.
    while (/(^|[^\\])(\\\\)*\\$/.test(logical)) {
      logical = logical.slice(0, -1);
      if (i + 1 >= lines.length) break;
      const next = lines[++i]!.replace(/^[ \t\f]+/, '');
      // Java: a continuation that leaves the logical line empty starts afresh, and may be a comment.
      if (logical === '' && (next.startsWith('#') || next.startsWith('!'))) break;
      logical += next;
    }
    if (logical !== '') out.push({ line: start, text: logical });
  }
  return out;
}

/** Properties.load0: where the key ends and the value starts. */
function splitEntry(s: string): [key: string, value: string] {
  let keyLen = 0;
  let valueStart = s.length;
  let hasSep = false;
  let backslash = false;
  for (; keyLen < s.length; keyLen++) {
    const c = s[keyLen]!;
    if (!backslash && (c === '=' || c === ':')) {
      valueStart = keyLen + 1;
      hasSep = true;
      break;
    }
    if (!backslash && WS.has(c)) {
      valueStart = keyLen + 1;
      break;
    }
    backslash = c === '\\' ? !backslash : false;
  }
  for (; valueStart < s.length; valueStart++) {
    const c = s[valueStart]!;
    if (WS.has(c)) continue;
    if (!hasSep && (c === '=' || c === ':')) hasSep = true;
    else break;
  }
  return [s.slice(0, keyLen), s.slice(valueStart)];
}

/** The entries of a properties text, in order, as Properties.load reads them. Throws PropertiesSyntaxError. */
export function parseProperties(text: string): PropertyLine[] {
  return logicalLines(text).map(({ line, text: logical }) => {
    const [key, value] = splitEntry(logical);
    return { line, key: unescape(key, line), value: unescape(value, line) };
  });
}

/** What Properties.getProperty answers: the last entry with the key wins. */
export function lastValues(entries: readonly PropertyLine[]): Map<string, PropertyLine> {
  return new Map(entries.map((e) => [e.key, e]));
}

/** Escapes a value so Properties.load reads it back unchanged, in plain ASCII (the file is read as ISO-8859-1). */
export function escapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\f') out += '\\f';
    else if (c === ' ' && i === 0) out += '\\ ';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** A template's entries, or a ConfigError naming the setting, the file and the line Java would refuse. */
export function parseTemplateProperties(text: string, setting: string, file: string): PropertyLine[] {
  try {
    return parseProperties(text);
  } catch (e) {
    if (!(e instanceof PropertiesSyntaxError)) throw e;
    throw new ConfigError(`${setting} ${file} ${e.message}; nothing was written`, setting, 'E_TEMPLATE_SYNTAX');
  }
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
  const parts: string[] = [opts.header.split(/\r\n|\r|\n/).map((l) => `# ${l}`.trimEnd()).join('\n'), ''];
  const inTemplate = new Set((opts.templateKeys ?? []).map((e) => e.key));
  if (opts.template !== undefined && opts.template.trim() !== '') {
    // As written: only the final line breaks go (trailing spaces are part of a value). The blank line
    // after it ends a last line that ends in a backslash, as the end of the file did.
    parts.push(opts.template.replace(/[\r\n]+$/, ''), '');
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
