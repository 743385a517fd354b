import { padSequences, SequenceStore, Tokenizer } from '@srnn/text';

// Mirrors the README's usage example, so that the example stays true.
describe('README example', () => {
  it('runs and gives the values the README states', async () => {
    const reviews = ['The food was great!', 'The service was slow.', 'Great food, great prices.'];
    const tokenizer = new Tokenizer({ numWords: 6, oovToken: '<OOV>' }).fitOnTexts(reviews);

    // great:3, the:2, food:2, was:2 (in order of appearance: the, food, was), service, slow, prices: 1
    expect(tokenizer.wordIndex.get('great')).toBe(2);
    expect([...tokenizer.textToSequence('Great food, terrible service')]).toEqual([2, 4, 1, 1]);

    const batch = padSequences(tokenizer.textsToSequences(reviews), { maxLen: 4 });
    expect(batch.shape).toEqual([3, 4]);
    expect([...batch.data]).toEqual([3, 4, 5, 2, 3, 1, 5, 1, 2, 4, 2, 1]);

    const maxLen = 4;
    const matrix = new Int32Array(reviews.length * maxLen);
    reviews.forEach((text, r) =>
      tokenizer.encodeInto(text, matrix.subarray(r * maxLen, (r + 1) * maxLen)),
    );
    expect(matrix).toEqual(batch.data);

    expect(tokenizer.vocabularySize).toBe(6);

    const restored = Tokenizer.fromJSON(JSON.stringify(tokenizer));
    expect([...restored.wordIndex]).toEqual([...tokenizer.wordIndex]);
  });

  it('fits once, keeps fit-order ids and pads them as padSequences would', () => {
    const reviews = ['The food was great!', 'The service was slow.', 'Great food, great prices.'];
    const tokenizer = new Tokenizer({ numWords: 6, oovToken: '<OOV>' });
    const store = new SequenceStore();
    for (const text of reviews) store.append(tokenizer.fitOnTextWithIds(text));
    const rows = new Int32Array(store.length * 4);
    store.padAllInto(rows, 4, { map: tokenizer.fitOrderToIndex() });
    // The same values as the padded batch of the first example, worked by hand there.
    expect([...rows]).toEqual([3, 4, 5, 2, 3, 1, 5, 1, 2, 4, 2, 1]);
    expect(rows).toEqual(padSequences(tokenizer.textsToSequences(reviews), { maxLen: 4 }).data);
  });

  it('streams lines of a file through fitOnTextsAsync', async () => {
    const { Readable } = await import('node:stream');
    const { createInterface } = await import('node:readline');
    const lines = createInterface({ input: Readable.from(['a b\n', 'b c\nb\n']) });
    const tokenizer = await new Tokenizer({ numWords: 30000 }).fitOnTextsAsync(lines);
    expect(tokenizer.documentCount).toBe(3);
    expect([...tokenizer.wordIndex.keys()]).toEqual(['b', 'a', 'c']);
  });
});
