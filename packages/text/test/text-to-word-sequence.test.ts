import { DEFAULT_FILTERS, textToWordSequence } from '@srnn/text';

// Expected values worked by hand from keras_preprocessing.text.text_to_word_sequence:
// lower(), translate(each filter -> split), split(split), drop empty strings.
describe('textToWordSequence', () => {
  it('removes the default punctuation, keeps the apostrophe, lower-cases', () => {
    expect(textToWordSequence('Hello, World!')).toEqual(['hello', 'world']);
    expect(textToWordSequence("It's a dog's life\tok\nyes")).toEqual([
      "it's",
      'a',
      "dog's",
      'life',
      'ok',
      'yes',
    ]);
  });

  it('uses exactly the Keras default filter set', () => {
    expect(DEFAULT_FILTERS).toBe('!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n');
    const everyFilter = [...DEFAULT_FILTERS].join('x');
    expect(textToWordSequence(everyFilter)).toEqual(
      new Array(DEFAULT_FILTERS.length - 1).fill('x'),
    );
  });

  it('drops empty tokens and returns [] for texts without words', () => {
    expect(textToWordSequence('a   b')).toEqual(['a', 'b']);
    expect(textToWordSequence('')).toEqual([]);
    expect(textToWordSequence('  ... !! ')).toEqual([]);
  });

  it('splits only on the separator and filters, like Python str.split(" ")', () => {
    // '\r' and the no-break space are neither filters nor the separator: they stay inside words.
    expect(textToWordSequence('a\r\nb')).toEqual(['a\r', 'b']);
    expect(textToWordSequence('a\u00a0b')).toEqual(['a\u00a0b']);
  });

  it('honours lower: false, a custom separator and custom filters', () => {
    expect(textToWordSequence('Hello World', { lower: false })).toEqual(['Hello', 'World']);
    expect(textToWordSequence('a,b,,c d', { filters: '', split: ',' })).toEqual(['a', 'b', 'c d']);
  });

  it('replaces filters by a multi-character separator before splitting, as Python does', () => {
    // 'xab!y' -> 'xababy' -> ['x', '', 'y'] -> ['x', 'y']
    expect(textToWordSequence('xab!y', { filters: '!', split: 'ab' })).toEqual(['x', 'y']);
    // 'a!' -> 'aaa' -> 'aaa'.split('aa') = ['', 'a']: the separator overlaps the word.
    expect(textToWordSequence('a!', { filters: '!', split: 'aa' })).toEqual(['a']);
  });

  it('lower-cases Unicode like Python str.lower (accents, Greek final sigma, dotted I)', () => {
    expect(textToWordSequence('Café NAÏVE Ελληνικά ΟΔΟΣ 日本語 😀!')).toEqual([
      'café',
      'naïve',
      'ελληνικά',
      'οδο\u03c2', // final sigma, as Python 3 lower-cases a word-final capital sigma
      '日本語',
      '😀',
    ]);
    // Python: 'İ'.lower() == 'i\u0307' (two code points); so does JavaScript.
    expect(textToWordSequence('İstanbul')).toEqual(['i\u0307stanbul']);
  });

  it('judges filters per code point: an emoji filter, and a lone surrogate that must not split a pair', () => {
    expect(textToWordSequence('a😀b', { filters: '😀' })).toEqual(['a', 'b']);
    expect(textToWordSequence('a😀b', { filters: '\ud83d' })).toEqual(['a😀b']);
    expect(textToWordSequence('a\ud83db', { filters: '\ud83d' })).toEqual(['a', 'b']);
  });

  it('rejects bad options with a message naming the field', () => {
    expect(() => textToWordSequence('a', { split: '' })).toThrow(
      /split: must be a non-empty string/,
    );
    expect(() => textToWordSequence('a', { lower: 'yes' as unknown as boolean })).toThrow(
      /lower: must be true or false, got "yes"/,
    );
    expect(() => textToWordSequence('a', { spilt: ' ' } as object)).toThrow(
      /unknown field 'spilt'; valid fields: filters, lower, split/,
    );
    expect(() => textToWordSequence(3 as unknown as string)).toThrow(/text must be a string/);
  });
});
