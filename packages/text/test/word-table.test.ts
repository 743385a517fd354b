import fc from 'fast-check';
import { WordTable } from '../src/word-table';
import { parseOrderedNumberObject } from '../src/ordered-json-object';

describe('WordTable', () => {
  it('gives the same ids as a Map keyed by the cut-out strings, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 10, unit: 'binary' }), { maxLength: 3000 }),
        (words) => {
          const text = words.join('');
          const table = new WordTable();
          const reference = new Map<string, number>();
          let at = 0;
          for (const word of words) {
            const expected = reference.get(word) ?? reference.size;
            reference.set(word, expected);
            expect(table.intern(text, at, at + word.length)).toBe(expected);
            at += word.length;
          }
          expect(table.size).toBe(reference.size);
          expect([...table.words]).toEqual([...reference.keys()]);
          for (const [word, id] of reference) expect(table.find(word, 0, word.length)).toBe(id);
          expect(table.find('\u0000absent', 0, 7)).toBe(reference.get('\u0000absent') ?? -1);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('parseOrderedNumberObject', () => {
  it('keeps members in written order, integer-like keys included, and decodes escapes', () => {
    expect(
      parseOrderedNumberObject('{"b": 2, "10": 1, "caf\\u00e9": 3,"\\ud83d\\ude00":4 }', 'x'),
    ).toEqual([
      ['b', 2],
      ['10', 1],
      ['café', 3],
      ['😀', 4],
    ]);
    expect(parseOrderedNumberObject(' {} ', 'x')).toEqual([]);
    expect(parseOrderedNumberObject('{"q\\"uote": 1.5e2}', 'x')).toEqual([['q"uote', 150]]);
  });

  it('names the input and the offset when it cannot read a member', () => {
    expect(() => parseOrderedNumberObject('[1]', 'config.word_counts')).toThrow(
      /config.word_counts must be a JSON object/,
    );
    expect(() => parseOrderedNumberObject('{"a": true}', 'w')).toThrow(
      /w must map strings to numbers; cannot read a member at offset 1/,
    );
    expect(() => parseOrderedNumberObject('{"a": 1} x', 'w')).toThrow(
      /w has text after its closing brace/,
    );
    expect(() => parseOrderedNumberObject('{"a": 1', 'w')).toThrow(/cannot read a member/);
  });
});
