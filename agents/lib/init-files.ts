/**
 * What both init agents read and write: an optional template (a mounted ConfigMap) named by a setting,
 * and their output files, each written only when its content changed, all atomically together, into
 * directories checked first. Nothing is written until every directory and every target has passed its
 * check, and every file is staged before the first one is replaced.
 */
import { dirname } from 'node:path';
import { needsWrite, writeFilesAtomic, type FileWrite } from './atomic-write.ts';
import { ConfigError } from './exit-codes.ts';
import { ensureWritableDir } from './fs-checks.ts';
import type { Logger } from './log.ts';
import { MIB, readSmallFile } from './read-file.ts';

export interface Template {
  readonly path: string;
  /** Decoded as ISO-8859-1, as Java reads a .properties file, and written back the same way. */
  readonly text: string;
}

/** The largest template read: a ConfigMap holds at most 1 MiB. */
export const MAX_TEMPLATE_BYTES = MIB;

/** The template at `path`, or undefined when the setting is unset; a missing, non-regular or huge file is a config error. */
export async function readTemplate(path: string | undefined, setting: string): Promise<Template | undefined> {
  if (path === undefined) return undefined;
  const text = await readSmallFile({ path, setting, maxBytes: MAX_TEMPLATE_BYTES, encoding: 'latin1', config: true });
  if (text === undefined) {
    throw new ConfigError(`${setting} ${path} does not exist: mount the ConfigMap there, or unset ${setting}`, setting);
  }
  return { path, text };
}

/** One output file; `setting` names the file (or its directory), for error messages. */
export type Output = FileWrite;

/** Makes each directory the agent reads and writes in (a volume), or fails naming its setting. */
export async function ensureDirs(dirs: ReadonlyArray<readonly [setting: string, dir: string]>): Promise<void> {
  const checked = new Set<string>();
  for (const [setting, dir] of dirs) {
    if (checked.has(dir)) continue;
    checked.add(dir);
    await ensureWritableDir(dir, setting);
  }
}

/** Checks every output's directory and target, then writes the changed outputs together; returns the paths written. */
export async function writeOutputs(outputs: readonly Output[]): Promise<string[]> {
  await ensureDirs(outputs.map((o) => [o.setting, dirname(o.path)] as const));
  const changed: Output[] = [];
  for (const o of outputs) if (await needsWrite(o)) changed.push(o);
  await writeFilesAtomic(changed);
  return changed.map((o) => o.path);
}

/** The closing log line of an init agent. */
export function logInitialised(log: Logger, fields: Record<string, unknown>, written: readonly string[]): void {
  log.info({ ...fields, written, unchanged: written.length === 0 }, written.length === 0 ? 'already initialised; nothing changed' : 'initialised');
}
