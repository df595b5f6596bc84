/**
 * Writing files so that readers see the old content or the new, never half: each file is written
 * to a temporary file in the same directory and fsynced ("staged"); only when every file of a batch
 * is staged are they renamed over their targets, and the directories fsynced. On failure the
 * temporary files are removed and no target has changed.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AgentError } from './exit-codes.ts';
import { fsFailure, type FsTarget } from './fs-errors.ts';
import { readSmallFile } from './read-file.ts';

export interface WriteOptions {
  mode?: number;
  /** How the text becomes bytes; 'latin1' for .properties. Default utf8. */
  encoding?: BufferEncoding;
}

export interface FileWrite extends WriteOptions, FsTarget {
  readonly content: string;
}

interface Staged {
  readonly file: FileWrite;
  readonly tmp: string;
}

async function stage(file: FileWrite): Promise<Staged> {
  const tmp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.${Date.now()}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'wx', file.mode ?? 0o644);
    await fh.writeFile(file.content, file.encoding ?? 'utf8');
    await fh.sync();
    await fh.close();
    return { file, tmp };
  } catch (e) {
    await fh?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw fsFailure(e, 'write', file);
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Writes every file, or (on any failure) none: all are staged before the first rename. */
export async function writeFilesAtomic(files: readonly FileWrite[]): Promise<void> {
  const staged: Staged[] = [];
  try {
    for (const f of files) staged.push(await stage(f));
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true }).catch(() => {})));
    throw e;
  }
  for (let i = 0; i < staged.length; i++) {
    try {
      await rename(staged[i]!.tmp, staged[i]!.file.path);
    } catch (e) {
      await Promise.all(staged.slice(i).map((s) => rm(s.tmp, { force: true }).catch(() => {})));
      throw fsFailure(e, 'write', staged[i]!.file);
    }
  }
  for (const dir of new Set(files.map((f) => dirname(f.path)))) await syncDir(dir);
}

export async function writeFileAtomic(target: string, content: string, opts: WriteOptions = {}): Promise<void> {
  await writeFilesAtomic([{ path: target, setting: 'the file', content, ...opts }]);
}

/**
 * Whether the file must be written: absent, or a regular file with other content. Refuses (before
 * anything is written) a target that is a directory, FIFO or device.
 */
export async function needsWrite(file: FileWrite): Promise<boolean> {
  let size: number;
  try {
    const st = await stat(file.path);
    if (!st.isFile()) {
      throw new AgentError('E_NOT_A_FILE', `${file.setting} ${file.path} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}, where this agent writes a file: remove it, or point ${file.setting} at another path`);
    }
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw fsFailure(e, 'read', file);
  }
  const bytes = Buffer.byteLength(file.content, file.encoding ?? 'utf8');
  if (size !== bytes) return true;
  const current = await readSmallFile({ path: file.path, setting: file.setting, maxBytes: bytes, encoding: file.encoding ?? 'utf8' }).catch(() => undefined);
  return current !== file.content;
}

/** Writes only when the content differs. Returns true when it wrote. */
export async function writeIfChanged(target: string, content: string, opts: WriteOptions = {}): Promise<boolean> {
  const file: FileWrite = { path: target, setting: 'the file', content, ...opts };
  if (!(await needsWrite(file))) return false;
  await writeFilesAtomic([file]);
  return true;
}
