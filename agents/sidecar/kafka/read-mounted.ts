/** Reads a file another container writes to a shared volume (kafka-init's outputs); a missing or unusable one names the setting and the fix. */
import { AgentError } from '../../lib/exit-codes.ts';
import { MIB, readSmallFile } from '../../lib/read-file.ts';

export interface MountedFile {
  readonly path: string;
  /** The setting that names it, e.g. SIDECAR_IDENTITY_FILE. */
  readonly setting: string;
  readonly encoding: BufferEncoding;
  /** The AgentError code of every failure. */
  readonly code: string;
  /** What to do about a missing or unreadable file. */
  readonly fix: string;
}

export async function readMounted(f: MountedFile): Promise<string> {
  let text: string | undefined;
  try {
    // Non-blocking and bounded: a FIFO or a device there must not hang the sidecar's start.
    text = await readSmallFile({ path: f.path, setting: f.setting, maxBytes: MIB, encoding: f.encoding });
  } catch (e) {
    throw new AgentError(f.code, `${(e as Error).message}; ${f.fix}`);
  }
  if (text === undefined) throw new AgentError(f.code, `${f.setting} ${f.path} cannot be read (ENOENT): ${f.fix}`);
  return text;
}
