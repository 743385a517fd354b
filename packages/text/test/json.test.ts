import { OptionsError } from '@srnn/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer, TOKENIZER_FORMAT } from '@srnn/text';

const kerasFixture = readFileSync(join(__dirname, 'fixtures', 'keras-tokenizer.json'), 'utf8');

describe('own JSON format', () => {
  const texts = ['The cat sat.', 'the 2019 cat', '7 😀 café', ''];

  it('round-trips through JSON.stringify and fromJSON (string or object)', () => {
    const original = new Tokenizer({ numWords: 5, oovToken: '<OOV>', lower: true }).fitOnTexts(
      texts,
    );
    const saved = JSON.stringify(original);
    for (const restored of [
      Tokenizer.fromJSON(saved),
      Tokenizer.fromJSON(JSON.parse(saved) as object),
    ]) {
      expect(restored.options).toEqual(original.options);
      expect([...restored.wordIndex]).toEqual([...original.wordIndex]);
      expect([...restored.wordCounts]).toEqual([...original.wordCounts]);
      expect([...restored.wordDocs]).toEqual([...original.wordDocs]);
      expect(restored.documentCount).toBe(4);
      expect(restored.textToSequence('cat 2019 sat zebra')).toEqual(
        original.textToSequence('cat 2019 sat zebra'),
      );
      // First-appearance order survives, so later ties rank as if the fit had never stopped.
      const continuous = new Tokenizer(original.options).fitOnTexts([...texts, 'sat 7']);
      expect([...restored.fitOnTexts(['sat 7']).wordIndex]).toEqual([...continuous.wordIndex]);
    }
  });

  it('writes a versioned document with words in first-appearance order', () => {
    const json = new Tokenizer().fitOnTexts(['b a', '2019 a']).toJSON();
    expect(json).toEqual({
      format: TOKENIZER_FORMAT,
      version: 1,
      config: {
        numWords: null,
        filters: expect.any(String),
        lower: true,
        split: ' ',
        oovToken: null,
      },
      documentCount: 2,
      words: ['b', 'a', '2019'],
      wordCounts: [1, 2, 1],
      wordDocs: [1, 2, 1],
    });
  });

  it('explains what is wrong with a bad document', () => {
    const good = new Tokenizer().fitOnTexts(['a']).toJSON();
    expect(() => Tokenizer.fromJSON({ ...good, version: 2 })).toThrow(
      /^Tokenizer JSON \(srnn-text-tokenizer\) is invalid: version: 2 is not supported; this build reads version 1$/,
    );
    expect(() => Tokenizer.fromJSON({ ...good, wordCounts: [1, 2] })).toThrow(/equal lengths/);
    expect(() => Tokenizer.fromJSON({ ...good, wordCounts: [-1] })).toThrow(/wordCounts\[0\]/);
    expect(() =>
      Tokenizer.fromJSON({ ...good, words: ['a', 'a'], wordCounts: [1, 1], wordDocs: [1, 1] }),
    ).toThrow(/"a" appears twice/);
    expect(() => Tokenizer.fromJSON({ ...good, config: { numWords: 0 } })).toThrow(
      /numWords: must be an integer >= 1/,
    );
    expect(() => Tokenizer.fromJSON('{not json')).toThrow(/not JSON/);
    expect(() => Tokenizer.fromJSON({ hello: 1 })).toThrow(/unrecognised JSON/);
    expect(() => Tokenizer.fromJSON('[]')).toThrow(/expected a JSON object/);
  });

  it('names each bad field as data, and at most three of them in the message', () => {
    const good = new Tokenizer().fitOnTexts(['a b c d']).toJSON();
    let error: unknown;
    try {
      Tokenizer.fromJSON({ ...good, wordCounts: [-1, -2, -3, -4, -5] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OptionsError);
    const { problems, message, field } = error as OptionsError;
    expect(field).toBe('wordCounts[0]');
    expect(problems.map((p) => p.field)).toEqual([
      'wordCounts[0]',
      'wordCounts[1]',
      'wordCounts[2]',
      '',
    ]);
    expect(problems[3]!.message).toBe('and 2 more problems');
    expect(message).toMatch(
      /^Tokenizer JSON \(srnn-text-tokenizer\) is invalid: wordCounts\[0\]: /,
    );
    expect(message).toMatch(/; and 2 more problems$/);
  });
});

describe('Keras to_json() input', () => {
  it('reads the hand-written Keras fixture', () => {
    const tokenizer = Tokenizer.fromJSON(kerasFixture);
    expect(tokenizer.options).toEqual({
      numWords: 4,
      filters: '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n',
      lower: true,
      split: ' ',
      oovToken: '<OOV>',
    });
    expect(tokenizer.documentCount).toBe(3);
    expect([...tokenizer.wordIndex]).toEqual([
      ['<OOV>', 1],
      ['the', 2],
      ['cat', 3],
      ['sat', 4],
      ['dog', 5],
      ['café', 6],
      ['2019', 7],
      ['😀', 8],
    ]);
    // '2019' stays in its place: JSON.parse would have moved this integer-like key first.
    expect([...tokenizer.wordCounts.keys()]).toEqual([
      'the',
      'cat',
      'sat',
      'dog',
      'café',
      '2019',
      '😀',
    ]);
    expect(tokenizer.wordDocs.get('cat')).toBe(2);
    // numWords 4 keeps <OOV>, the, cat; sat (4) and dog (5) become <OOV>.
    expect([...tokenizer.textToSequence('the cat sat on a dog')]).toEqual([2, 3, 1, 1, 1, 1]);
    expect(tokenizer.vocabularySize).toBe(4);
  });

  it('continues fitting with Keras tie-breaking after loading', () => {
    const tokenizer = Tokenizer.fromJSON(kerasFixture).fitOnTexts(['2019 sat']);
    // cat, sat and 2019 now tie at 2 and keep their first-appearance order.
    expect([...tokenizer.wordIndex.keys()]).toEqual([
      '<OOV>',
      'the',
      'cat',
      'sat',
      '2019',
      'dog',
      'café',
      '😀',
    ]);
  });

  it('writes Keras JSON that matches what Python json.dumps produced', () => {
    const tokenizer = Tokenizer.fromJSON(kerasFixture);
    const written = JSON.parse(tokenizer.toKerasJSON()) as {
      class_name: string;
      config: Record<string, unknown>;
    };
    const expected = JSON.parse(kerasFixture) as { config: Record<string, unknown> };
    expect(written.class_name).toBe('Tokenizer');
    for (const key of [
      'num_words',
      'filters',
      'lower',
      'split',
      'char_level',
      'oov_token',
      'document_count',
    ]) {
      expect(written.config[key]).toEqual(expected.config[key]);
    }
    // Byte for byte, including the \u escapes; word_docs differs only by Python's arbitrary set order.
    for (const key of ['word_counts', 'index_word', 'word_index']) {
      expect(written.config[key]).toBe(expected.config[key]);
    }
    expect(JSON.parse(written.config.word_docs as string)).toEqual(
      JSON.parse(expected.config.word_docs as string),
    );
    expect(JSON.parse(written.config.index_docs as string)).toEqual(
      JSON.parse(expected.config.index_docs as string),
    );
    const back = Tokenizer.fromJSON(tokenizer.toKerasJSON());
    expect(back.toJSON()).toEqual(tokenizer.toJSON());
  });

  it('keeps a Keras word_index that differs from the counts until the next fit', () => {
    // Keras with oov_token='unk' fitted on ['unk a a'] lists 'unk' twice and ends with {unk: 3, a: 2}.
    const quirky = JSON.stringify({
      class_name: 'Tokenizer',
      config: {
        num_words: null,
        filters: '',
        lower: true,
        split: ' ',
        char_level: false,
        oov_token: 'unk',
        document_count: 1,
        word_counts: '{"unk": 1, "a": 2}',
        word_docs: '{"a": 1, "unk": 1}',
        index_docs: '{"2": 1, "3": 1}',
        index_word: '{"3": "unk", "2": "a"}',
        word_index: '{"unk": 3, "a": 2}',
      },
    });
    const tokenizer = Tokenizer.fromJSON(quirky);
    expect([...tokenizer.textToSequence('a b')]).toEqual([2, 3]);
    expect(tokenizer.vocabularySize).toBe(4);
    const restored = Tokenizer.fromJSON(JSON.stringify(tokenizer));
    expect([...restored.wordIndex]).toEqual([
      ['unk', 3],
      ['a', 2],
    ]);
    restored.fitOnTexts([]);
    expect([...restored.wordIndex]).toEqual([
      ['unk', 1],
      ['a', 2],
    ]);
  });

  it('explains unsupported or malformed Keras JSON', () => {
    const config = (JSON.parse(kerasFixture) as { config: Record<string, unknown> }).config;
    const withConfig = (patch: Record<string, unknown>) =>
      JSON.stringify({ class_name: 'Tokenizer', config: { ...config, ...patch } });
    expect(() => Tokenizer.fromJSON(withConfig({ char_level: true }))).toThrow(
      /char_level=True tokenizers are not supported/,
    );
    expect(() => Tokenizer.fromJSON(withConfig({ word_counts: '{"a": "x"}' }))).toThrow(
      /config.word_counts must map strings to numbers/,
    );
    expect(() => Tokenizer.fromJSON(withConfig({ word_index: '{"the": 0, "<OOV>": 1}' }))).toThrow(
      /maps "the" to 0; indices must be integers >= 1/,
    );
    expect(() => Tokenizer.fromJSON(withConfig({ word_index: '{"the": 1}' }))).toThrow(
      /lacks the OOV token "<OOV>"/,
    );
    expect(() => Tokenizer.fromJSON(withConfig({ num_words: 'many' }))).toThrow(/config.num_words/);
    expect(Tokenizer.fromJSON(withConfig({ num_words: 0 })).options.numWords).toBeNull();
  });
});
