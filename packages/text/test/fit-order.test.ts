import fc from 'fast-check';
import { SequenceStore, textToWordSequence, Tokenizer } from '@srnn/text';

const words = ['the', 'The', 'cat', 'sat', '2019', 'café', '😀', 'a', 'b', 'dog'];
const separators = [' ', ', ', '! ', '\n'];
const text = fc
  .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { maxLength: 10 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const corpus = fc.array(text, { maxLength: 12 });
const settings = fc.record({
  numWords: fc.constantFrom(null, 2, 4, 100),
  oovToken: fc.constantFrom(null, '<OOV>', 'cat'),
});

describe('Tokenizer.fitOnTextWithIds', () => {
  it('returns each token as the position of its word in wordCounts', () => {
    const tokenizer = new Tokenizer();
    // Hand-worked: fit order is the, cat, sat, on, mat, dog.
    expect([...tokenizer.fitOnTextWithIds('The cat sat on the mat')]).toEqual([0, 1, 2, 3, 0, 4]);
    expect([...tokenizer.fitOnTextWithIds('the dog, the cat!')]).toEqual([0, 5, 0, 1]);
    expect([...tokenizer.wordCounts.keys()]).toEqual(['the', 'cat', 'sat', 'on', 'mat', 'dog']);
  });

  it('fits exactly as fitOnTexts does, and its ids name the words of textToWordSequence', () => {
    fc.assert(
      fc.property(corpus, settings, (texts, options) => {
        const viaIds = new Tokenizer(options);
        const reference = new Tokenizer(options).fitOnTexts(texts);
        for (const t of texts) {
          const ids = [...viaIds.fitOnTextWithIds(t)];
          const fitOrder = [...viaIds.wordCounts.keys()];
          expect(ids.map((id) => fitOrder[id])).toEqual(textToWordSequence(t));
        }
        expect(viaIds.toJSON()).toEqual(reference.toJSON());
        expect([...viaIds.wordIndex]).toEqual([...reference.wordIndex]);
      }),
    );
  });

  it('names the bad input', () => {
    expect(() => new Tokenizer().fitOnTextWithIds(3 as unknown as string)).toThrow(
      'fitOnTextWithIds: text is a number; texts must be strings',
    );
  });
});

describe('Tokenizer.fitOrderToIndex', () => {
  it('maps fit-order ids to what textToSequence emits, dropping words without an OOV token', () => {
    fc.assert(
      fc.property(corpus, settings, (texts, options) => {
        const tokenizer = new Tokenizer(options);
        const kept = texts.map((t) => Int32Array.from(tokenizer.fitOnTextWithIds(t)));
        const map = tokenizer.fitOrderToIndex();
        expect(map.length).toBe(tokenizer.wordCounts.size);
        texts.forEach((t, i) => {
          const mapped = [...(kept[i] as Int32Array)].map((id) => map[id] as number);
          expect(mapped.filter((id) => id >= 0)).toEqual([...tokenizer.textToSequence(t)]);
        });
      }),
    );
  });

  it('follows a word index loaded from JSON', () => {
    const fitted = new Tokenizer({ numWords: 3 });
    fitted.fitOnTextWithIds('b a a'); // fit order: b, a; derived index: a 1, b 2
    const json = JSON.parse(fitted.toKerasJSON()) as { config: Record<string, string> };
    json.config.word_index = JSON.stringify({ b: 1, a: 2 });
    const loaded = Tokenizer.fromJSON(json);
    expect([...loaded.fitOrderToIndex()]).toEqual([1, 2]);
    expect([...loaded.textToSequence('a b')]).toEqual([2, 1]);
  });
});

describe('SequenceStore', () => {
  it('keeps sequences of any length, empty ones included, in order', () => {
    const store = new SequenceStore();
    expect(store.append(Int32Array.of(5, 6, 7))).toBe(0);
    expect(store.append(new Int32Array(0))).toBe(1);
    expect(store.append(Int32Array.of(-1))).toBe(2);
    expect([store.length, store.tokenCount]).toEqual([3, 4]);
    expect([...store.get(0)]).toEqual([5, 6, 7]);
    expect([...store.get(1)]).toEqual([]);
    expect([...store.get(2)]).toEqual([-1]);
    expect(() => store.get(3)).toThrow('position 3 is out of range; expected an integer 0 to 2');
  });

  it('starts a new block when one is full and keeps every id intact', () => {
    // Blocks hold at most 2^22 ids: three sequences of 1.5M ids cannot share one.
    const store = new SequenceStore();
    const n = 1_500_000;
    for (let s = 0; s < 3; s++) store.append(new Int32Array(n).map((_, i) => s * n + i));
    expect(store.tokenCount).toBe(3 * n);
    for (let s = 0; s < 3; s++) {
      const ids = store.get(s);
      expect([ids.length, ids[0], ids[n - 1]]).toEqual([n, s * n, s * n + n - 1]);
    }
  });

  it('keeps many short sequences across growing blocks', () => {
    const store = new SequenceStore();
    // 40,000 sequences of 1 to 9 ids: about 200,000 ids, past the first blocks.
    const lengthOf = (s: number) => 1 + (s % 9);
    for (let s = 0; s < 40_000; s++) store.append(new Int32Array(lengthOf(s)).fill(s));
    let tokens = 0;
    for (let s = 0; s < 40_000; s++) {
      const ids = store.get(s);
      tokens += ids.length;
      if (ids.length !== lengthOf(s) || ids.some((id) => id !== s))
        throw new Error(`sequence ${s}`);
    }
    expect(store.tokenCount).toBe(tokens);
    expect(tokens).toBeGreaterThan(1 << 17);
  });

  it('padAllInto equals padSequences over the mapped sequences with dropped ids removed', () => {
    const side = fc.constantFrom('pre' as const, 'post' as const);
    const sequences = fc.array(fc.array(fc.nat(5), { maxLength: 9 }), { maxLength: 6 });
    const map = fc.array(fc.integer({ min: -1, max: 9 }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(
        sequences,
        fc.option(map, { nil: undefined }),
        fc.integer({ min: 0, max: 7 }),
        side,
        side,
        (raw, mapping, maxLen, padding, truncating) => {
          const store = new SequenceStore();
          for (const s of raw) store.append(Int32Array.from(s));
          const matrix = new Int32Array(raw.length * maxLen).fill(77);
          const options = mapping ? { map: Int32Array.from(mapping) } : {};
          store.padAllInto(matrix, maxLen, { padding, truncating, ...options });
          // Reference: map, drop negatives, then pad by hand.
          const expected = raw.flatMap((s) => {
            const ids = mapping ? s.map((id) => mapping[id] as number).filter((id) => id >= 0) : s;
            const kept =
              truncating === 'pre'
                ? ids.slice(Math.max(0, ids.length - maxLen))
                : ids.slice(0, maxLen);
            const pad = new Array<number>(maxLen - kept.length).fill(0);
            return padding === 'pre' ? [...pad, ...kept] : [...kept, ...pad];
          });
          expect([...matrix]).toEqual(expected);
        },
      ),
    );
  });

  it('rejects a short matrix, a bad maxLen and ids the map lacks, naming them', () => {
    const store = new SequenceStore();
    store.append(Int32Array.of(0, 3));
    expect(() => store.padAllInto(new Int32Array(1), 2)).toThrow(
      'matrix holds 1 ids; 1 rows of 2 need 2',
    );
    expect(() => store.padAllInto(new Int32Array(2), -1)).toThrow(
      'maxLen must be an integer >= 0, got -1',
    );
    expect(() => store.padAllInto(new Int32Array(2), 2, { map: Int32Array.of(1, 2) })).toThrow(
      'id 3 has no entry in map (map.length 2)',
    );
    expect(() => store.padAllInto(new Int32Array(2), 2, { padding: 'middle' as 'pre' })).toThrow(
      "padding: must be 'pre' or 'post'",
    );
    expect(() => store.append([1, 2] as unknown as Int32Array)).toThrow(
      'ids must be an Int32Array',
    );
  });
});
