/**
 * Filesystem failures as one line that says what to fix: never a bare EISDIR or EACCES, and a
 * read-only mount (EROFS) is told apart from missing permissions.
 */
import { AgentError, ConfigError, ExitCode } from './exit-codes.ts';

export type FsAction = 'read' | 'write' | 'create';

export interface FsTarget {
  readonly path: string;
  /** The setting that names the path (or its directory). */
  readonly setting: string;
}

function who(): string {
  return `uid ${process.getuid?.() ?? '?'}`;
}

/** What is wrong with the path and what to do, for an errno code; undefined for codes without advice. */
export function fsAdvice(code: string | undefined, action: FsAction, t: FsTarget): string | undefined {
  const { path, setting } = t;
  switch (code) {
    case 'EROFS':
      return `${setting} ${path} is on a volume mounted read-only: mount it read-write (no readOnly: true on the volumeMount), or point ${setting} at a writable volume`;
    case 'EACCES':
    case 'EPERM':
      return action === 'read'
        ? `${setting} ${path} is not readable by ${who()}: fix the file's permissions (for a ConfigMap, its defaultMode)`
        : `${setting} ${path} is not writable by ${who()}: give the pod an fsGroup that owns the volume, or fix the volume's permissions`;
    case 'EISDIR':
      return `${setting} ${path} is a directory, not a file: point ${setting} at a file (or remove the directory)`;
    case 'ENOTDIR':
      return `${setting} ${path}: a part of the path is a file, not a directory: point ${setting} at a path whose parents are directories`;
    case 'EEXIST':
      return `${setting} ${path}: a file is where a directory must be: remove it, or point ${setting} at a path whose parents are directories`;
    case 'ENOENT':
      return `${setting} ${path} does not exist: mount the volume there, or point ${setting} at a path that exists`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${setting} ${path}: the volume is full: free space on it or give it a larger volume`;
    case 'ELOOP':
      return `${setting} ${path} has a loop of symbolic links: fix the links, or point ${setting} elsewhere`;
    case 'ENAMETOOLONG':
      return `${setting} ${path} is too long a path: choose a shorter one`;
    case 'EIO':
      return `${setting} ${path}: the volume reports an I/O error: check the disk or the volume's storage`;
    case 'EMFILE':
    case 'ENFILE':
      return `${setting} ${path}: too many open files in the container: raise its file limit`;
    case 'ETXTBSY':
    case 'EBUSY':
      return `${setting} ${path} is busy (in use by another process or a mount point): point ${setting} at another file`;
    default:
      return undefined;
  }
}

/**
 * The error to throw for a failed filesystem call. Exit 1, or 2 when `config` says the path is the
 * setting's own value (a template that is a directory is a configuration error).
 */
export function fsFailure(e: unknown, action: FsAction, t: FsTarget, config = false): AgentError {
  if (e instanceof AgentError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err.code;
  const advice = fsAdvice(code, action, t) ?? `cannot ${action} ${t.setting} ${t.path} (${err.message}): check the volume mounted there`;
  const message = `${advice} (${code ?? 'error'} on ${action})`;
  return config ? new ConfigError(message, t.setting, `E_FS_${code ?? 'ERROR'}`) : new AgentError(`E_FS_${code ?? 'ERROR'}`, message, ExitCode.RUNTIME);
}
