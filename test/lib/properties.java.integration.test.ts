// The properties reader and writer against a real java.util.Properties: every value the agents
// write reads back in the JVM as exactly that value, and every text reads the same in the agent as
// in the JVM (or both refuse it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeValue, lastValues, parseProperties, PropertiesSyntaxError } from '../../agents/lib/properties.ts';
import { javaProperties } from '../support/java.ts';

const dir = mkdtempSync(join(tmpdir(), 'properties-java-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes each text (as ISO-8859-1, as the agents write .properties) and reads all in one JVM. */
function javaReadAll(texts: readonly string[]): Array<Record<string, string>> {
  const files = texts.map((t, i) => {
    const f = join(dir, `${i}.properties`);
    writeFileSync(f, Buffer.from(t, 'latin1'));
    return f;
  });
  const read = javaProperties(files);
  return files.map((f) => read.get(f)!);
}

function agentRead(text: string): Record<string, string> {
  try {
    return Object.fromEntries([...lastValues(parseProperties(text))].map(([k, e]) => [k, e.value]));
  } catch (e) {
    if (e instanceof PropertiesSyntaxError) return { '!error': 'Malformed \\uxxxx encoding.' };
    throw e;
  }
}

const HOSTILE_VALUES: Array<[string, string]> = [
  ['a line feed', '/tmp/d\nserver.99=evil:1:2'],
  ['a carriage return', '/tmp/d\rserver.99=evil:1:2'],
  ['CR LF', 'a\r\nb=c'],
  ['a form feed', 'a\fb'],
  ['a trailing backslash', 'C:\\dir\\'],
  ['backslashes and a u', '\\u0041 is not A'],
  ['a unicode escape written out', '\\uZZZZ'],
  ['leading spaces', '   padded'],
  ['a leading tab', '\tx'],
  ['a leading form feed', '\fx'],
  ['trailing spaces', 'x   '],
  ['a comment sign first', '#not a comment'],
  ['a bang first', '!not a comment'],
  ['separators', 'a=b:c d'],
  ['non-ASCII', 'zöne-ü €'],
  ['a NUL and other controls', 'a\u0000b\u0001c\u007f'],
  ['a lone surrogate', 'x\ud800y'],
  ['an emoji', '🙂'],
  ['empty', ''],
  ['only spaces', '   '],
];

describe('escapeValue: the JVM reads back exactly the value meant', () => {

  it(`for each of ${HOSTILE_VALUES.length} hostile values (${HOSTILE_VALUES.map(([n]) => n).join(', ')})`, () => {
    const texts = HOSTILE_VALUES.map(([, v]) => `# ${HOSTILE_VALUES.length}\nkey=${escapeValue(v)}\nafter=1\n`);
    const read = javaReadAll(texts);
    HOSTILE_VALUES.forEach(([name, v], i) => {
      expect(read[i], name).toEqual({ key: v, after: '1' });
      expect(agentRead(texts[i]!), name).toEqual({ key: v, after: '1' });
    });
  });
});

const TEXTS: Array<[string, string]> = [
  ['CR line ends', 'a=1\rb=2\r'],
  ['CR LF line ends', 'a=1\r\nb=2\r\n'],
  ['mixed line ends', 'a=1\nb=2\r\nc=3\rd=4'],
  ['a continuation over CR', 'a=x\\\r   y\rb=2'],
  ['a continuation over CR LF', 'a=x\\\r\n   y'],
  ['a continuation at the end of the text', 'a=x\\'],
  ['two backslashes are no continuation', 'a=x\\\\\nb=2'],
  ['a comment ending in a backslash does not continue', '# c \\\na=1'],
  ['a lone backslash line then a comment', 'a=1\n\\\n# c\nb=2'],
  ['a continuation into a comment sign', 'a=x\\\n#y'],
  ['a continuation into a blank line', 'a=x\\\n\nb=2'],
  ['a key set twice: the last wins', 'a=1\na=2'],
  ['a key with escaped separators', 'a\\=b\\:c\\ d=v'],
  ['a key ending at whitespace, then =', 'key   =  v'],
  ['a key ending at whitespace, no separator', 'key value with = inside'],
  ['two separators', 'a==b'],
  ['a key only', 'lonely'],
  ['a key with trailing colon', 'k:'],
  ['leading form feed and tab', '\f\tk=v'],
  ['unicode escapes in key and value', 'k\\u0065y=\\u0076al'],
  ['an escaped line break in a value', 'a=x\\ny\\rz'],
  ['other escapes are the character', 'a=\\q\\#\\!'],
  ['ISO-8859-1 bytes', 'a=caf\u00e9'],
  ['UTF-8 bytes read as ISO-8859-1', 'a=caf\u00c3\u00a9'],
  ['a malformed escape', 'a=\\u12'],
  ['a malformed escape with non-hex', 'a=\\u12G4'],
  ['a malformed escape in a key', '\\uXYZW=1'],
  ['a malformed escape at the end', 'a=\\u'],
  ['only comments', '# a\n! b\n'],
  ['empty', ''],
];

describe('parseProperties reads every text as the JVM does', () => {
  it('for each text (or both refuse it)', () => {
    const read = javaReadAll(TEXTS.map(([, t]) => t));
    TEXTS.forEach(([name, text], i) => {
      expect(agentRead(text), name).toEqual(read[i]);
    });
  });
});
