import { Tokenizer, TOKENIZER_LIMITS } from '@srnn/text';

/** A saved tokenizer of this package's format with `n` distinct words. */
function ownJson(n: number): Record<string, unknown> {
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  return {
    ...new Tokenizer().fitOnTexts(['a']).toJSON(),
    words,
    wordCounts: words.map(() => 1),
    wordDocs: words.map(() => 1),
  };
}

function kerasJson(wordIndex: string, wordCounts = '{"a": 1, "b": 1}'): string {
  return JSON.stringify({
    class_name: 'Tokenizer',
    config: {
      num_words: null,
      filters: '',
      lower: true,
      split: ' ',
      char_level: false,
      oov_token: null,
      document_count: 1,
      word_counts: wordCounts,
      word_docs: '{"a": 1, "b": 1}',
      word_index: wordIndex,
    },
  });
}

describe('limits on tokenizer files', () => {
  it('refuses more words than maxWords, naming the limit, before validating each entry', () => {
    expect(() => Tokenizer.fromJSON(ownJson(11), { maxWords: 10 })).toThrow(
      'Tokenizer.fromJSON: words has 11 entries; the limit is 10 (maxWords)',
    );
    expect(Tokenizer.fromJSON(ownJson(10), { maxWords: 10 }).wordIndex.size).toBe(10);
    expect(TOKENIZER_LIMITS.maxWords).toBeGreaterThanOrEqual(2_000_000);
  });

  it('refuses a Keras word index with more entries than maxWords', () => {
    const index = JSON.stringify(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`w${i}`, i + 1])),
    );
    expect(() => Tokenizer.fromJSON(kerasJson(index), { maxWords: 10 })).toThrow(
      /config.word_index has more than 10 entries; the limit is 10 \(maxWords\)/,
    );
  });

  it('refuses a JSON string longer than maxChars without parsing it', () => {
    const text = JSON.stringify(ownJson(100));
    expect(() => Tokenizer.fromJSON(text, { maxChars: 1000 })).toThrow(
      `Tokenizer.fromJSON: the JSON is ${text.length} characters long; the limit is 1000 (maxChars)`,
    );
  });

  it('refuses index values outside the vocabulary (they would size the embedding matrix)', () => {
    expect(() => Tokenizer.fromJSON(kerasJson('{"a": 1, "b": 2000000000}'))).toThrow(
      /config.word_index maps "b" to 2000000000; with 2 entries indices must lie in 1 to 3/,
    );
    const own = {
      ...new Tokenizer().fitOnTexts(['a b']).toJSON(),
      wordIndex: [
        ['a', 1],
        ['b', 99],
      ],
    };
    expect(() => Tokenizer.fromJSON(own)).toThrow(
      /wordIndex maps "b" to 99; with 2 entries indices must lie in 1 to 3/,
    );
  });

  it('refuses duplicate indices', () => {
    expect(() => Tokenizer.fromJSON(kerasJson('{"a": 1, "b": 1}'))).toThrow(
      /config.word_index maps both "a" and "b" to 1/,
    );
  });

  it('refuses numWords beyond maxWords (it too would size the embedding matrix)', () => {
    const json = {
      ...new Tokenizer().fitOnTexts(['a']).toJSON(),
      config: { numWords: 5_000_000_000 },
    };
    expect(() => Tokenizer.fromJSON(json, { maxWords: 1000 })).toThrow(
      /config.numWords is 5000000000; the limit is 1000 \(maxWords\)/,
    );
  });

  it('never echoes huge input: a long word is cut and a flood of bad entries is summarised', () => {
    const long = 'x'.repeat(100_000);
    const message = (() => {
      try {
        Tokenizer.fromJSON(kerasJson(`{"${long}": 1, "b": 1}`));
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('(100000 characters)');
    expect(message.length).toBeLessThan(400);
    const bad = { ...ownJson(3), words: Array.from({ length: 1000 }, () => 5) };
    const flood = (() => {
      try {
        Tokenizer.fromJSON(bad);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(flood).toMatch(/words\[0\]/);
    expect(flood).toMatch(/and \d+ more problems/);
    expect(flood.length).toBeLessThan(1000);
  });
});
