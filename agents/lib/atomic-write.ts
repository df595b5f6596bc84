/**
 * Writing a file so that readers see the old content or the new, never half:
 * write a temporary file in the same directory, fsync it, rename it over the
 * target, fsync the directory. On failure the temporary file is removed.
 */
import { open, rename, rm, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteOptions {
  mode?: number;
}

export async function writeFileAtomic(target: string, content: string, opts: WriteOptions = {}): Promise<void> {
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'wx', opts.mode ?? 0o644);
    await fh.writeFile(content, 'utf8');
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, target);
  } catch (e) {
    await fh?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await syncDir(dir);
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

/** Writes only when the content differs. Returns true when it wrote. */
export async function writeIfChanged(target: string, content: string, opts: WriteOptions = {}): Promise<boolean> {
  const current = await readFile(target, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (current === content) return false;
  await writeFileAtomic(target, content, opts);
  return true;
}

/** Reads a file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
