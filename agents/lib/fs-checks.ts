/** Checks on directories an agent writes to, with errors that say how to fix them. */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { AgentError } from './exit-codes.ts';

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
  const who = `uid ${process.getuid?.() ?? '?'}`;
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AgentError(
      'E_DIR_UNWRITABLE',
      `${setting} ${dir} does not exist and cannot be created (${code}): mount a volume there (or set ${setting} to one)`,
    );
  }
  const st = await stat(dir);
  if (!st.isDirectory()) {
    throw new AgentError('E_NOT_A_DIR', `${setting} ${dir} is not a directory: point ${setting} at a directory`);
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new AgentError(
      'E_DIR_UNWRITABLE',
      `${setting} ${dir} is not writable by ${who}: give the pod an fsGroup that owns the volume, or fix the volume's permissions`,
    );
  }
}
