import { describe, expect, it } from 'vitest';
import { fsFailure } from '../../agents/lib/fs-errors.ts';

const t = { path: '/v/f', setting: 'S' };
const err = (code: string) => Object.assign(new Error(`${code}: boom`), { code });

describe('filesystem failures say what to fix', () => {
  it.each([
    ['EROFS', 'write', /S \/v\/f is on a volume mounted read-only: mount it read-write/],
    ['EACCES', 'write', /not writable by uid \d+: give the pod an fsGroup/],
    ['EACCES', 'read', /not readable by uid \d+: fix the file's permissions/],
    ['EISDIR', 'read', /is a directory, not a file: point S at a file/],
    ['ENOTDIR', 'create', /a part of the path is a file, not a directory/],
    ['ENOSPC', 'write', /the volume is full/],
    ['EDQUOT', 'write', /the volume is full/],
    ['ELOOP', 'read', /loop of symbolic links/],
    ['ENAMETOOLONG', 'create', /too long a path/],
    ['EIO', 'write', /I\/O error/],
    ['EXDEV', 'write', /cannot write S \/v\/f \(EXDEV: boom\): check the volume mounted there/],
  ] as const)('%s on %s', (code, action, message) => {
    const e = fsFailure(err(code), action, t);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`(${code} on ${action})`);
    expect(e.exitCode).toBe(1);
  });

  it('is a configuration error (exit 2) when the path is the setting itself', () => {
    expect(fsFailure(err('EISDIR'), 'read', t, true).exitCode).toBe(2);
  });

  it('never says fsGroup for a read-only mount', () => {
    expect(fsFailure(err('EROFS'), 'write', t).message).not.toMatch(/fsGroup/);
  });
});
