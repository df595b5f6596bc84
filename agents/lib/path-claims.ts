/**
 * Two settings that name the same file, or a file another one owns (meta.properties in Kafka's data
 * directory, myid in ZooKeeper's, zoo.cfg in its config directory), are a configuration error: the
 * agent would overwrite its own input, or a file a server keeps. Checked on the settings alone, in an
 * agent's plan(), on normalised paths (symbolic links are not followed: that needs the filesystem). Pure.
 */
import { posix } from 'node:path';
import { ConfigError } from './exit-codes.ts';

export interface PathClaim {
  readonly setting: string;
  readonly path: string;
  readonly kind: 'file' | 'dir';
  /** How a message names it when it is not the setting's own value, e.g. "meta.properties, which Kafka keeps in KAFKA_DATA_DIR". */
  readonly as?: string;
  /** A directory whose subdirectories its owner reads as its own (why: for the message). */
  readonly exclusive?: string;
}

function norm(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

function name(c: PathClaim): string {
  return c.as ?? `${c.setting} ${c.path}`;
}

function inside(child: string, parent: string): boolean {
  return child.startsWith(parent === '/' ? '/' : `${parent}/`) && child !== parent;
}

function clash(a: PathClaim, b: PathClaim): string | undefined {
  const pa = norm(a.path);
  const pb = norm(b.path);
  if (pa === pb) {
    if (a.kind === 'dir' && b.kind === 'dir') return undefined;
    if (a.kind === 'file' && b.kind === 'file') return `${name(b)} is the same file as ${name(a)}`;
    return `${name(b)} is the same path as ${name(a)}, one a file and the other a directory`;
  }
  for (const [outer, inner, po, pi] of [[a, b, pa, pb], [b, a, pb, pa]] as const) {
    if (!inside(pi, po)) continue;
    if (outer.kind === 'file') return `${name(inner)} is under ${name(outer)}, which is a file`;
    if (outer.exclusive && posix.dirname(pi) !== po) return `${name(inner)} is inside a subdirectory of ${name(outer)}, ${outer.exclusive}`;
  }
  return undefined;
}

/** Throws ConfigError (exit 2) naming both settings; a later claim is the one to move. */
export function assertNoPathClash(claims: readonly PathClaim[]): void {
  for (let j = 0; j < claims.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = claims[i]!;
      const b = claims[j]!;
      if (a.setting === b.setting) continue;
      const why = clash(a, b);
      if (why !== undefined) {
        throw new ConfigError(`${why}: ${b.setting} and ${a.setting} must not overlap; point ${b.setting} at a path of its own`, b.setting, 'E_PATH_CLASH');
      }
    }
  }
}

/**
 * A directory written into a config file as a value: Java can read back any character, but a line
 * break cannot be meant, and ZooKeeper and Kafka trim what Java read (String.trim: every character up
 * to the space), so a path with such an edge would name another directory. `listSeparator`: the value
 * is a list (Kafka's log.dirs splits on commas).
 */
export function assertRenderablePath(path: string, setting: string, listSeparator?: string): void {
  const bad =
    /[\r\n]/.test(path) ? 'has a line break' :
    /^[\x00-\x20]|[\x00-\x20]$/.test(path) ? 'begins or ends with whitespace or a control character, which the server would trim' :
    listSeparator !== undefined && path.includes(listSeparator) ? `has a "${listSeparator}", which the server reads as a list separator (two directories)` :
    undefined;
  if (bad !== undefined) throw new ConfigError(`${setting} ${JSON.stringify(path)} ${bad}: choose a directory name without it`, setting, 'E_PATH_UNRENDERABLE');
}
