import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeIfChanged } from '../../agents/lib/atomic-write.ts';
import { readSmallFile } from '../../agents/lib/read-file.ts';
const readIfExists = (path: string) => readSmallFile({ path, setting: 'F', maxBytes: 1024, encoding: 'utf8' });

describe('atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file and leaves no temporary file', async () => {
    const f = join(dir, 'a.cfg');
    writeFileSync(f, 'old');
    await writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.cfg']);
  });

  it('writes only when content changed', async () => {
    const f = join(dir, 'b.cfg');
    expect(await writeIfChanged(f, 'x')).toBe(true);
    expect(await writeIfChanged(f, 'x')).toBe(false);
    expect(await writeIfChanged(f, 'y')).toBe(true);
    expect(await readIfExists(f)).toBe('y');
    expect(await readIfExists(join(dir, 'missing'))).toBeUndefined();
  });

  it('fails without touching the target or leaving debris when the target is a directory', async () => {
    const target = join(dir, 'sub');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(target, 'inner'), { recursive: true }));
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['sub']);
  });
});
