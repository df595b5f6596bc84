/** Checks on directories an agent writes to, with errors that say how to fix them. */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { AgentError } from './exit-codes.ts';
import { fsFailure } from './fs-errors.ts';

export async function pathExists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Creates the directory if missing and checks this process can write in it. Throws AgentError (exit 1). */
export async function ensureWritableDir(dir: string, setting: string): Promise<void> {
  const target = { path: dir, setting };
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw fsFailure(e, 'create', target);
  }
  const st = await stat(dir).catch((e: unknown) => {
    throw fsFailure(e, 'read', target);
  });
  if (!st.isDirectory()) {
    throw new AgentError('E_NOT_A_DIR', `${setting} ${dir} is not a directory: point ${setting} at a directory`);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw fsFailure(e, 'write', target);
  }
}
