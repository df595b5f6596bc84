import { describe, expect, it } from 'vitest';
import { parseLdd } from '../../images/bake/local-bases.ts';

describe('parseLdd', () => {
  it.each([
    ['a library found by name', '\tlibdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f9c88966000)', ['/lib/x86_64-linux-gnu/libdl.so.2']],
    ['the loader, by path', '\t/lib64/ld-linux-x86-64.so.2 (0x00007f9c8897e000)', ['/lib64/ld-linux-x86-64.so.2']],
    ['the vdso, which has no file', '\tlinux-vdso.so.1 (0x00007ffd)', []],
    ['a library ldd cannot find', '\tlibmissing.so.1 => not found', []],
    [
      'a whole listing, in order',
      ['\tlinux-vdso.so.1 (0x1)', '\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x2)', '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x3)', '\t/lib64/ld-linux-x86-64.so.2 (0x4)'].join('\n'),
      ['/lib/x86_64-linux-gnu/libm.so.6', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'],
    ],
  ])('%s', (_name, text, want) => {
    expect(parseLdd(text)).toEqual(want);
  });
});
