import fc from 'fast-check';
import { DEFAULT_FILTERS } from '../src/options';
import { WordCounts } from '../src/word-counts';
import { WordSplitter } from '../src/word-splitter';
import { computeKey, key, WordTable } from '../src/word-table';
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

describe('WordSplitter keys', () => {
  // Short and long words, upper case, characters above 0xff and outside the BMP, lone surrogates.
  const pieces = [
    'a',
    'B',
    'word',
    'Longer',
    'é',
    'Ä',
    '€',
    '😀',
    '\ud83d',
    ' ',
    ',',
    '.',
    '::',
    '\n',
  ];
  const configs: [string, boolean, string][] = [
    [DEFAULT_FILTERS, true, ' '], // bytes of an ASCII text, or units
    [DEFAULT_FILTERS, false, ' '],
    [`${DEFAULT_FILTERS}😀`, true, ' '], // a filter outside the BMP: surrogate pairs
    [DEFAULT_FILTERS, true, '::'], // a separator of two units
  ];

  it('are the keys computeKey gives each token, on every scanning path', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        for (const [filters, lower, split] of configs) {
          const splitter = new WordSplitter(filters, lower, split);
          const found = splitter.scan(text);
          for (let t = 0; t < found; t++) {
            computeKey(splitter.text, splitter.starts[t] as number, splitter.ends[t] as number);
            expect([splitter.hashes[t], splitter.lows[t], splitter.highs[t]]).toEqual([
              key.hash,
              key.low,
              key.high,
            ]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('WordCounts', () => {
  const add = (counts: WordCounts, word: string): number => {
    computeKey(word, 0, word.length);
    return counts.add(word, 0, word.length, key.hash, key.low, key.high);
  };

  it('keeps counts exact beyond the Int32 range of a slot', () => {
    const counts = new WordCounts();
    counts.restore('big', 3 * 2 ** 30 - 1, 5);
    counts.restore('huge', 2 ** 33 + 7, 2 ** 32);
    counts.beginDocument();
    // This occurrence takes the count in the slot to 2^30, which moves to the exact total.
    expect(add(counts, 'big')).toBe(0);
    expect(add(counts, 'big')).toBe(0);
    expect([counts.count(0), counts.count(1)]).toEqual([3 * 2 ** 30 + 1, 2 ** 33 + 7]);
    expect([counts.docs(0), counts.docs(1)]).toEqual([6, 2 ** 32]);
    expect(Array.from(counts.counts())).toEqual([3 * 2 ** 30 + 1, 2 ** 33 + 7]);
    expect(Array.from(counts.allDocs())).toEqual([6, 2 ** 32]);
    expect(Array.from(counts.rankedIds())).toEqual([1, 0]);
  });
});
