/**
 * Reading a small file the agent did not write (a template, meta.properties, myid) without ever
 * blocking: it is opened non-blocking and checked to be a regular file before a byte is read (a FIFO
 * would block a plain read forever; a device may never end), and at most a bound is read.
 */
import { constants, type FileHandle, open } from 'node:fs/promises';
import { AgentError, ConfigError } from './exit-codes.ts';
import { fsFailure, type FsTarget } from './fs-errors.ts';

export const MIB = 1024 * 1024;

export interface ReadOptions extends FsTarget {
  /** Refuse a file larger than this. */
  readonly maxBytes: number;
  /** Text decoding: 'latin1' for .properties (Java reads them as ISO-8859-1). */
  readonly encoding: BufferEncoding;
  /** The path is a setting's value (exit 2 when it is the wrong kind of file), not a file on a volume (exit 1). */
  readonly config?: boolean;
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe), which could block a reader forever';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function refuse(opts: ReadOptions, code: string, what: string): AgentError {
  const message = `${opts.setting} ${opts.path} ${what}`;
  return opts.config ? new ConfigError(message, opts.setting, code) : new AgentError(code, message);
}

/** The file's text, or undefined when it does not exist. Throws AgentError (or ConfigError) saying what to fix. */
export async function readSmallFile(opts: ReadOptions): Promise<string | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(opts.path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsFailure(e, 'read', opts, opts.config);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      throw refuse(opts, 'E_NOT_A_FILE', `is ${kindOf(st)}, not a regular file: point ${opts.setting} at a file${opts.config ? '' : ', or remove what is there'}`);
    }
    if (st.size > opts.maxBytes) {
      throw refuse(opts, 'E_FILE_TOO_LARGE', `is ${st.size} bytes, more than the ${opts.maxBytes} this agent reads: ${opts.config ? `point ${opts.setting} at the intended file` : 'it is not the file this agent expects; move it away'}`);
    }
    const buf = Buffer.alloc(opts.maxBytes + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > opts.maxBytes) throw refuse(opts, 'E_FILE_TOO_LARGE', `grew beyond the ${opts.maxBytes} bytes this agent reads while being read`);
    }
    return buf.subarray(0, n).toString(opts.encoding);
  } catch (e) {
    throw fsFailure(e, 'read', opts, opts.config);
  } finally {
    await fh.close().catch(() => {});
  }
}
