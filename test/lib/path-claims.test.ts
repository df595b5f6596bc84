import { describe, expect, it } from 'vitest';
import { assertNoPathClash, assertRenderablePath, type PathClaim } from '../../agents/lib/path-claims.ts';

const data: PathClaim = { setting: 'DATA', path: '/data', kind: 'dir', exclusive: 'which the server owns' };
const meta: PathClaim = { setting: 'DATA', path: '/data/meta.properties', kind: 'file', as: 'meta.properties in DATA' };

describe('assertNoPathClash', () => {
  it.each([
    ['two files at one path', [{ setting: 'A', path: '/x/f', kind: 'file' }, { setting: 'B', path: '/x/f', kind: 'file' }], /B \/x\/f is the same file as A \/x\/f: B and A must not overlap; point B at a path of its own/],
    ['a file spelled with . and ..', [{ setting: 'A', path: '/x/f', kind: 'file' }, { setting: 'B', path: '/x/./y/../f', kind: 'file' }], /is the same file as A/],
    ['a file spelled with //', [{ setting: 'A', path: '/x/f', kind: 'file' }, { setting: 'B', path: '//x//f', kind: 'file' }], /is the same file as A/],
    ['a file another setting owns', [data, meta, { setting: 'OUT', path: '/data/meta.properties', kind: 'file' }], /OUT \/data\/meta.properties is the same file as meta.properties in DATA/],
    ['a file where a directory is', [data, { setting: 'OUT', path: '/data/', kind: 'file' }], /one a file and the other a directory/],
    ['a directory under a file', [{ setting: 'F', path: '/x/f', kind: 'file' }, { setting: 'D', path: '/x/f/sub', kind: 'dir' }], /D \/x\/f\/sub is under F \/x\/f, which is a file/],
    ['a file in a subdirectory of an exclusive directory', [data, { setting: 'OUT', path: '/data/etc/f', kind: 'file' }], /OUT \/data\/etc\/f is inside a subdirectory of DATA \/data, which the server owns/],
    ['an exclusive directory inside another claim\'s subdirectory', [{ setting: 'OUT', path: '/data/etc/f', kind: 'file' }, data], /inside a subdirectory of DATA/],
  ] as Array<[string, PathClaim[], RegExp]>)('refuses %s', (_name, claims, message) => {
    expect(() => assertNoPathClash(claims)).toThrow(message);
  });

  it.each([
    ['two settings naming one directory', [{ setting: 'A', path: '/d', kind: 'dir' }, { setting: 'B', path: '/d/', kind: 'dir' }]],
    ['a file directly in an exclusive directory', [data, meta, { setting: 'OUT', path: '/data/server.properties', kind: 'file' }]],
    ['a setting\'s own files', [data, meta]],
    ['files with a common prefix', [{ setting: 'A', path: '/x/f', kind: 'file' }, { setting: 'B', path: '/x/f2', kind: 'file' }]],
    ['a directory beside a file of a similar name', [{ setting: 'A', path: '/data', kind: 'file' }, { setting: 'B', path: '/data2/x', kind: 'dir' }]],
  ] as Array<[string, PathClaim[]]>)('accepts %s', (_name, claims) => {
    expect(() => assertNoPathClash(claims)).not.toThrow();
  });
});

describe('assertRenderablePath', () => {
  it.each([
    ['/d\rserver.99=evil:1:2', /has a line break/],
    ['/d\n', /has a line break/],
    ['/d ', /begins or ends with whitespace/],
    ['/d\u0001', /begins or ends with whitespace or a control character/],
    ['/a,/b', /has a ",", which the server reads as a list separator/],
  ])('refuses %j', (path, message) => {
    expect(() => assertRenderablePath(path, 'S', ',')).toThrow(message);
  });
  it.each(['/data', '/my data', '/a\\b', '/zöne', '/a=b:c#!'])('accepts %j', (path) => {
    expect(() => assertRenderablePath(path, 'S', ',')).not.toThrow();
  });
  it('allows a comma where the value is no list', () => {
    expect(() => assertRenderablePath('/a,b', 'S')).not.toThrow();
  });
});
