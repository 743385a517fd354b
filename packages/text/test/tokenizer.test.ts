import fc from 'fast-check';
import { padSequences, Tokenizer } from '@srnn/text';

// Expected values are worked by hand from keras_preprocessing.text.Tokenizer:
// word_counts (first-appearance order) -> stable sort by count, descending -> indices from 1,
// with the OOV token forced to index 1.
const corpus = ['the cat sat on the mat', 'the dog sat', 'a cat!'];

describe('Tokenizer fitting', () => {
  it('ranks by frequency from 1, ties in order of first appearance', () => {
    const tokenizer = new Tokenizer().fitOnTexts(corpus);
    // the:3; cat:2, sat:2 (cat seen first); on, mat, dog, a: 1 each, in order of appearance.
    expect([...tokenizer.wordIndex]).toEqual([
      ['the', 1],
      ['cat', 2],
      ['sat', 3],
      ['on', 4],
      ['mat', 5],
      ['dog', 6],
      ['a', 7],
    ]);
    expect(tokenizer.documentCount).toBe(3);
    expect([...tokenizer.wordCounts]).toEqual([
      ['the', 3],
      ['cat', 2],
      ['sat', 2],
      ['on', 1],
      ['mat', 1],
      ['dog', 1],
      ['a', 1],
    ]);
    // word_docs counts a word once per text: 'the' occurs 3 times but in 2 texts.
    expect(Object.fromEntries(tokenizer.wordDocs)).toEqual({
      the: 2,
      cat: 2,
      sat: 2,
      on: 1,
      mat: 1,
      dog: 1,
      a: 1,
    });
    expect(tokenizer.vocabularySize).toBe(8);
  });

  it('breaks ties by first appearance across separate fit calls', () => {
    const tokenizer = new Tokenizer().fitOnTexts(['b a']).fitOnTexts(['a b']);
    expect([...tokenizer.wordIndex]).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    // Re-ranking after more text: y leads after the first fit, x after the second.
    const again = new Tokenizer().fitOnTexts(['x y y']);
    expect(again.wordIndex.get('y')).toBe(1);
    again.fitOnTexts(['x x']);
    expect([...again.wordIndex]).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
  });

  it('counts empty texts as documents without words', () => {
    const tokenizer = new Tokenizer().fitOnTexts(['', '   ', '!!!']);
    expect(tokenizer.documentCount).toBe(3);
    expect(tokenizer.wordIndex.size).toBe(0);
    expect(tokenizer.vocabularySize).toBe(1);
    expect(tokenizer.textToSequence('')).toEqual(new Int32Array(0));
  });

  it('indexes accented, non-Latin and emoji words, lower-cased', () => {
    const tokenizer = new Tokenizer().fitOnTexts(['Café café CAFÉ 東京 😀', '東京!']);
    expect([...tokenizer.wordIndex]).toEqual([
      ['café', 1],
      ['東京', 2],
      ['😀', 3],
    ]);
    expect([...tokenizer.textToSequence('😀 東京, CAFÉ')]).toEqual([3, 2, 1]);
  });

  it('respects lower: false, filters and split', () => {
    const tokenizer = new Tokenizer({ lower: false, filters: '', split: '|' }).fitOnTexts([
      'A|a|b c|A',
    ]);
    expect([...tokenizer.wordIndex]).toEqual([
      ['A', 1],
      ['a', 2],
      ['b c', 3],
    ]);
  });
});

describe('Tokenizer encoding', () => {
  it('drops unknown words without an OOV token', () => {
    const tokenizer = new Tokenizer().fitOnTexts(corpus);
    const ids = tokenizer.textToSequence('The bird sat on the MAT.');
    expect(ids).toBeInstanceOf(Int32Array);
    expect([...ids]).toEqual([1, 3, 4, 1, 5]);
  });

  it('keeps only indices below numWords; word_index itself keeps every word', () => {
    const tokenizer = new Tokenizer({ numWords: 4 }).fitOnTexts(corpus);
    expect([...tokenizer.textToSequence('the cat sat on the mat')]).toEqual([1, 2, 3, 1]);
    expect(tokenizer.wordIndex.size).toBe(7);
    expect(tokenizer.vocabularySize).toBe(4);
  });

  it('maps unknown words to the OOV token at index 1', () => {
    const tokenizer = new Tokenizer({ oovToken: '<OOV>' }).fitOnTexts(corpus);
    expect(tokenizer.wordIndex.get('<OOV>')).toBe(1);
    expect(tokenizer.wordIndex.get('the')).toBe(2);
    expect([...tokenizer.textToSequence('the bird')]).toEqual([2, 1]);
    expect(tokenizer.vocabularySize).toBe(9);
  });

  it('maps words at or beyond numWords to the OOV token', () => {
    const tokenizer = new Tokenizer({ numWords: 4, oovToken: '<OOV>' }).fitOnTexts(corpus);
    // <OOV>:1 the:2 cat:3 sat:4 on:5 mat:6 ...; sat, on and mat are >= 4.
    expect([...tokenizer.textToSequence('the cat sat on the mat')]).toEqual([2, 3, 1, 1, 2, 1]);
    expect([...tokenizer.textToSequence('unknown the')]).toEqual([1, 2]);
    expect(tokenizer.vocabularySize).toBe(4);
  });

  it('never reports fewer embedding rows than the OOV index needs', () => {
    // Keras emits the OOV index 1 even when numWords is 1.
    const tokenizer = new Tokenizer({ numWords: 1, oovToken: '?' }).fitOnTexts(corpus);
    expect([...tokenizer.textToSequence('the x')]).toEqual([1, 1]);
    expect(tokenizer.vocabularySize).toBe(2);
  });

  it('reports the largest id it emits: the last kept word or the OOV index, never past numWords - 1', () => {
    const texts = ['a b c d e', 'a b'];
    // Each case's largest id, checked against the ids it actually emits for every word it knows.
    const cases: Array<[Tokenizer, number]> = [
      [new Tokenizer().fitOnTexts(texts), 5],
      [new Tokenizer({ numWords: 100 }).fitOnTexts(texts), 5],
      [new Tokenizer({ numWords: 3 }).fitOnTexts(texts), 2],
      [new Tokenizer({ numWords: 100, oovToken: '?' }).fitOnTexts(texts), 6],
      [new Tokenizer({ numWords: 1, oovToken: '?' }).fitOnTexts(texts), 1],
      [new Tokenizer().fitOnTexts(['']), 0],
    ];
    for (const [tokenizer, largest] of cases) {
      expect(tokenizer.largestId).toBe(largest);
      const emitted = Array.from(tokenizer.textToSequence('a b c d e unseen'));
      expect(Math.max(0, ...emitted)).toBe(largest);
      expect(largest).toBeLessThan(tokenizer.vocabularySize);
    }
  });

  it('keeps the OOV token at index 1 when it also occurs as a word', () => {
    // Keras would list it twice and move it to its frequency rank; here it stays at 1.
    const tokenizer = new Tokenizer({ oovToken: 'unk' }).fitOnTexts(['unk a a']);
    expect([...tokenizer.wordIndex]).toEqual([
      ['unk', 1],
      ['a', 2],
    ]);
    expect(tokenizer.wordCounts.get('unk')).toBe(1);
    expect(tokenizer.vocabularySize).toBe(3);
  });

  it('maps every word to the OOV token before any fit', () => {
    const tokenizer = new Tokenizer({ oovToken: '<OOV>' });
    expect([...tokenizer.textToSequence('any words')]).toEqual([1, 1]);
    expect([...new Tokenizer().textToSequence('any words')]).toEqual([]);
  });

  it('textsToSequences encodes each text', () => {
    const tokenizer = new Tokenizer().fitOnTexts(corpus);
    expect(tokenizer.textsToSequences(['a cat', '', 'dog']).map((s) => [...s])).toEqual([
      [7, 2],
      [],
      [6],
    ]);
  });

  it('encodeInto writes padded rows of a preallocated matrix', () => {
    const tokenizer = new Tokenizer().fitOnTexts(corpus);
    const matrix = new Int32Array(12).fill(-9);
    const row = (r: number) => matrix.subarray(r * 4, (r + 1) * 4);
    expect(tokenizer.encodeInto('the cat sat on the mat', row(0))).toBe(4); // 1 2 3 4 1 5 -> last 4
    expect(tokenizer.encodeInto('the cat sat on the mat', row(1), { truncating: 'post' })).toBe(4);
    expect(tokenizer.encodeInto('a dog', row(2), { padding: 'post', value: -1 })).toBe(2);
    expect([...matrix]).toEqual([3, 4, 1, 5, 1, 2, 3, 4, 7, 6, -1, -1]);
  });
});

describe('Tokenizer input checks', () => {
  it('rejects bad options with messages naming the field and valid values', () => {
    expect(() => new Tokenizer({ numWords: 0 })).toThrow(
      /numWords: must be an integer >= 1 or null, got 0/,
    );
    expect(() => new Tokenizer({ numWords: 2.5 })).toThrow(
      /numWords: must be an integer >= 1 or null, got 2.5/,
    );
    expect(() => new Tokenizer({ filters: 5 as unknown as string })).toThrow(
      /filters: must be a string/,
    );
    expect(() => new Tokenizer({ split: '' })).toThrow(/split: must be a non-empty string/);
    expect(() => new Tokenizer({ oovToken: 1 as unknown as string })).toThrow(
      /oovToken: must be a string or null/,
    );
    expect(() => new Tokenizer({ num_words: 5 } as object)).toThrow(
      /unknown field 'num_words'; valid fields: numWords, filters, lower, split, oovToken/,
    );
    expect(new Tokenizer({ numWords: null, oovToken: null }).options).toMatchObject({
      numWords: null,
      oovToken: null,
    });
  });

  it('rejects a single string and non-string texts', () => {
    const tokenizer = new Tokenizer();
    expect(() => tokenizer.fitOnTexts('the cat' as unknown as string[])).toThrow(
      /not a single string/,
    );
    expect(() => tokenizer.fitOnTexts(['ok', 3 as unknown as string])).toThrow(
      /text 1 is a number/,
    );
    expect(() => tokenizer.textToSequence(undefined as unknown as string)).toThrow(
      /text must be a string, got an undefined/,
    );
    expect(() =>
      tokenizer.encodeInto('a', new Int32Array(2), { padding: 'middle' as 'pre' }),
    ).toThrow(/encodeInto options: padding: must be 'pre' or 'post'/);
  });
});

describe('encodeInto properties', () => {
  it('equals padSequences over textToSequence for any row length and options', () => {
    const tokenizer = new Tokenizer({ numWords: 6, oovToken: '<OOV>' }).fitOnTexts(corpus);
    const side = fc.constantFrom('pre' as const, 'post' as const);
    const text = fc
      .array(fc.constantFrom('the', 'cat', 'sat', 'on', 'mat', 'dog', 'a', 'bird', '!', ','), {
        maxLength: 15,
      })
      .map((w) => w.join(' '));
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 0, max: 10 }),
        side,
        side,
        fc.integer({ min: -2, max: 2 }),
        (t, maxLen, padding, truncating, value) => {
          const row = new Int32Array(maxLen).fill(77);
          const written = tokenizer.encodeInto(t, row, { padding, truncating, value });
          const sequence = tokenizer.textToSequence(t);
          expect(written).toBe(Math.min(sequence.length, maxLen));
          expect([...row]).toEqual([
            ...padSequences([sequence], { maxLen, padding, truncating, value }).data,
          ]);
        },
      ),
    );
  });
});
