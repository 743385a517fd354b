import fc from 'fast-check';
import { textToWordSequence, Tokenizer } from '@srnn/text';

const words = ['the', 'The', 'cat', 'sat', '2019', '7', 'café', '😀', 'a', 'b'];
const separators = [' ', ', ', '! ', '\n', '  '];
const text = fc
  .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { maxLength: 8 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const corpus = fc.array(text, { maxLength: 12 });

async function* asyncTexts(texts: string[]): AsyncGenerator<string> {
  for (const t of texts) {
    await Promise.resolve();
    yield t;
  }
}

function* generatedTexts(texts: string[]): Generator<string> {
  yield* texts;
}

/** Keras's fit_on_texts written directly: ordered counts, then a stable sort by count. */
function referenceIndex(texts: string[], oovToken: string | null): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const t of texts)
    for (const w of textToWordSequence(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts].sort((x, y) => y[1] - x[1]).map(([w]) => w);
  const vocabulary =
    oovToken === null ? ranked : [oovToken, ...ranked.filter((w) => w !== oovToken)];
  return vocabulary.map((w, i) => [w, i + 1]);
}

describe('streaming fit', () => {
  it('matches a direct implementation of Keras fit_on_texts', () => {
    fc.assert(
      fc.property(corpus, fc.constantFrom(null, '<OOV>', 'cat'), (texts, oovToken) => {
        const tokenizer = new Tokenizer({ oovToken }).fitOnTexts(texts);
        expect([...tokenizer.wordIndex]).toEqual(referenceIndex(texts, oovToken));
      }),
    );
  });

  it('matches the reference on a vocabulary larger than the initial tables (growth and rehash)', () => {
    // 5000 distinct words; word i occurs (i % 7) + 1 times, spread over 50 texts.
    const texts = Array.from({ length: 50 }, (_, t) =>
      Array.from({ length: 100 }, (_, k) => {
        const i = t * 100 + k;
        return `w${i} `.repeat((i % 7) + 1);
      }).join(''),
    );
    const tokenizer = new Tokenizer({ oovToken: '<OOV>' }).fitOnTexts(texts);
    expect([...tokenizer.wordIndex]).toEqual(referenceIndex(texts, '<OOV>'));
    expect(tokenizer.wordIndex.get('w6')).toBe(2); // the first word with the top count, 7
    expect([...tokenizer.textToSequence('w6 w13 nope')]).toEqual([2, 3, 1]);
  });

  it('gives the same tokenizer one-shot, in chunks, from a generator and from an async iterable', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.array(fc.nat(12), { maxLength: 4 }), async (texts, cuts) => {
        const oneShot = new Tokenizer({ numWords: 5, oovToken: '<OOV>' }).fitOnTexts(texts);
        const chunked = new Tokenizer({ numWords: 5, oovToken: '<OOV>' });
        const bounds = [
          0,
          ...cuts.map((c) => Math.min(c, texts.length)).sort((x, y) => x - y),
          texts.length,
        ];
        for (let i = 1; i < bounds.length; i++)
          chunked.fitOnTexts(texts.slice(bounds[i - 1], bounds[i]));
        const generated = new Tokenizer({ numWords: 5, oovToken: '<OOV>' }).fitOnTexts(
          generatedTexts(texts),
        );
        const streamed = await new Tokenizer({ numWords: 5, oovToken: '<OOV>' }).fitOnTextsAsync(
          asyncTexts(texts),
        );
        const syncViaAsync = await new Tokenizer({
          numWords: 5,
          oovToken: '<OOV>',
        }).fitOnTextsAsync(texts);
        for (const other of [chunked, generated, streamed, syncViaAsync]) {
          expect(other.toJSON()).toEqual(oneShot.toJSON());
          expect([...other.wordIndex]).toEqual([...oneShot.wordIndex]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a non-string item from an async stream, naming its position', async () => {
    const tokenizer = new Tokenizer();
    async function* bad(): AsyncGenerator<unknown> {
      yield 'fine';
      yield null;
    }
    await expect(tokenizer.fitOnTextsAsync(bad() as AsyncIterable<string>)).rejects.toThrow(
      /text 1 is null/,
    );
  });

  it('re-ranks when fitting resumes after encoding', () => {
    const tokenizer = new Tokenizer().fitOnTexts(['a b b']);
    expect([...tokenizer.textToSequence('a b')]).toEqual([2, 1]);
    tokenizer.fitOnTexts(['a a']);
    expect([...tokenizer.textToSequence('a b')]).toEqual([1, 2]);
  });
});
