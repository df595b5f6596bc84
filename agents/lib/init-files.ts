/**
 * What both init agents read and write: an optional template (a mounted ConfigMap) named by a setting,
 * and their output files, each written only when its content changed, atomically, into a directory
 * checked first. Nothing is written until every output directory has passed its check.
 */
import { dirname } from 'node:path';
import { readIfExists, writeIfChanged } from './atomic-write.ts';
import { ConfigError } from './exit-codes.ts';
import { ensureWritableDir } from './fs-checks.ts';
import type { Logger } from './log.ts';

export interface Template {
  readonly path: string;
  readonly text: string;
}

/** The template at `path`, or undefined when the setting is unset; a missing file is a config error. */
export async function readTemplate(path: string | undefined, setting: string): Promise<Template | undefined> {
  if (path === undefined) return undefined;
  const text = await readIfExists(path);
  if (text === undefined) {
    throw new ConfigError(`${setting} ${path} does not exist: mount the ConfigMap there, or unset ${setting}`, setting);
  }
  return { path, text };
}

export interface Output {
  readonly path: string;
  readonly content: string;
  /** The setting that names the file (or its directory), for error messages. */
  readonly setting: string;
}

/** Makes each directory the agent reads and writes in (a volume), or fails naming its setting. */
export async function ensureDirs(dirs: ReadonlyArray<readonly [setting: string, dir: string]>): Promise<void> {
  const checked = new Set<string>();
  for (const [setting, dir] of dirs) {
    if (checked.has(dir)) continue;
    checked.add(dir);
    await ensureWritableDir(dir, setting);
  }
}

/** Checks every output's directory, then writes the outputs; returns the paths written. */
export async function writeOutputs(outputs: readonly Output[]): Promise<string[]> {
  await ensureDirs(outputs.map((o) => [o.setting, dirname(o.path)] as const));
  const written: string[] = [];
  for (const o of outputs) if (await writeIfChanged(o.path, o.content)) written.push(o.path);
  return written;
}

/** The closing log line of an init agent. */
export function logInitialised(log: Logger, fields: Record<string, unknown>, written: readonly string[]): void {
  log.info({ ...fields, written, unchanged: written.length === 0 }, written.length === 0 ? 'already initialised; nothing changed' : 'initialised');
}
