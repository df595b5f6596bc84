import { describe, expect, it } from 'vitest';
import { assertNoOwnedKeys, parseProperties, renderProperties } from '../../agents/lib/properties.ts';

describe('parseProperties reads keys as java.util.Properties does', () => {
  it.each([
    ['a=b', 'a', 'b'],
    ['a = b', 'a', 'b'],
    ['a:b', 'a', 'b'],
    ['a b', 'a', 'b'],
    ['  indented.key=v', 'indented.key', 'v'],
    ['url=PLAINTEXT://h:9092', 'url', 'PLAINTEXT://h:9092'],
    ['key\\ with\\ space=v', 'key with space', 'v'],
    ['empty=', 'empty', ''],
    ['multi=a,\\\n   b', 'multi', 'a,b'],
  ])('%j', (text, key, value) => {
    const [e] = parseProperties(text);
    expect(e).toMatchObject({ key, value, line: 1 });
  });

  it('skips comments and blank lines and keeps line numbers', () => {
    const entries = parseProperties('# c\n! c2\n\nx=1\n  # indented comment\ny=2\n');
    expect(entries.map((e) => [e.key, e.line])).toEqual([
      ['x', 4],
      ['y', 6],
    ]);
  });
});

describe('assertNoOwnedKeys', () => {
  const owned = ['dataDir', /^server\.\d+$/];
  const ctl = (k: string) => `set it with SETTING_FOR_${k}`;
  it.each([
    ['dataDir=/x', /line 1 sets dataDir, which this agent derives; remove it from the template \(set it with SETTING_FOR_dataDir\)/],
    ['tickTime=1\nserver.3=h:1:2', /line 2 sets server\.3/],
    ['a=1\na=2', /sets a twice \(lines 1 and 2\)/],
  ])('rejects %j', (text, message) => {
    expect(() => assertNoOwnedKeys(parseProperties(text), owned, 'T', '/t.cfg', ctl)).toThrow(message);
  });
  it('accepts keys it does not own', () => {
    expect(() => assertNoOwnedKeys(parseProperties('tickTime=1\nserverX=1'), owned, 'T', '/t.cfg', ctl)).not.toThrow();
  });
});

describe('renderProperties', () => {
  it('keeps the template, adds only defaults it lacks, then the derived keys', () => {
    const template = '# mine\ntickTime=3000\n';
    const out = renderProperties({
      header: 'hdr',
      template,
      templateKeys: parseProperties(template),
      derived: [['dataDir', '/data']],
      defaults: [
        ['tickTime', '2000'],
        ['initLimit', '10'],
      ],
    });
    const entries = parseProperties(out);
    expect(entries.map((e) => `${e.key}=${e.value}`)).toEqual(['tickTime=3000', 'initLimit=10', 'dataDir=/data']);
    expect(out).toContain('# mine');
    expect(out.startsWith('# hdr\n')).toBe(true);
  });

  it('escapes values so they read back unchanged', () => {
    const out = renderProperties({ header: 'h', derived: [['k', 'a\\b']] });
    expect(parseProperties(out)[0]!.value).toBe('a\\b');
  });
});
