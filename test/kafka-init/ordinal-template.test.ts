import { describe, expect, it } from 'vitest';
import { expandOrdinalTemplate, parseOrdinalTemplate } from '../../agents/kafka-init/ordinal-template.ts';

describe('ordinal templates', () => {
  it.each([
    ['outside-{ordinal}', 2, 'outside-2'],
    ['{ordinal+32400}', 3, '32403'],
    ['3240{ordinal}', 1, '32401'],
    ['b{ordinal}-{ordinal+10}.example.com', 4, 'b4-14.example.com'],
    ['fixed.example.com', 7, 'fixed.example.com'],
  ])('%s for ordinal %i is %s', (template, ordinal, expanded) => {
    expect(expandOrdinalTemplate(parseOrdinalTemplate(template), ordinal)).toBe(expanded);
  });

  it.each([
    ['', /must not be empty/],
    ['{pod}', /unknown placeholder \{pod\}/],
    ['{ordinal-1}', /unknown placeholder \{ordinal-1\}/],
    ['{ordinal', /unbalanced brace/],
    ['ordinal}', /unbalanced brace/],
  ])('rejects %j', (template, message) => {
    expect(() => parseOrdinalTemplate(template)).toThrow(message);
  });
});
