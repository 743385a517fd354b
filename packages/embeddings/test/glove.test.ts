import { join } from 'node:path';
import { Tokenizer } from '@srnn/text';
import { readGloveVectors } from '../src/glove';
import { EmbeddingsError } from '../src/errors';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const asArrays = (vectors: ReadonlyMap<string, Float32Array>) =>
  Object.fromEntries([...vectors].map(([w, v]) => [w, Array.from(v)]));

describe('readGloveVectors', () => {
  it('keeps only the asked words, parsing exponents and signs', async () => {
    const { dim, vectors } = await readGloveVectors(fixture('tiny.glove.txt'), [
      'cat',
      'mat',
      'dog',
    ]);
    expect(dim).toBe(4);
    expect(asArrays(vectors)).toEqual({
      cat: [-1, 0, 1, 2.5],
      mat: [Math.fround(0.1), Math.fround(-0.2), 3, 0],
    });
  });

  it("takes a tokenizer's words, only those with a row under numWords", async () => {
    // Frequencies: the 3, cat 2, sat 1, mat 1 -> indices 1..4; numWords 3 keeps the and cat.
    const tokenizer = new Tokenizer({ numWords: 3 }).fitOnTexts([
      'the cat sat',
      'the cat',
      'the mat',
    ]);
    const { vectors } = await readGloveVectors(fixture('tiny.glove.txt'), tokenizer);
    expect([...vectors.keys()].sort()).toEqual(['cat', 'the']);
  });

  it('reads CRLF line ends and trailing spaces', async () => {
    const { vectors } = await readGloveVectors(fixture('crlf.glove.txt'), ['cat', 'dog']);
    expect(asArrays(vectors)).toEqual({ cat: [1, 2, 3], dog: [4, 5, 6] });
  });

  it('skips the count header of a .vec file and checks its dimension', async () => {
    const { dim, vectors } = await readGloveVectors(fixture('with-header.vec'), ['dog']);
    expect(dim).toBe(3);
    expect(asArrays(vectors)).toEqual({ dog: [4, 5, 6] });
    await expect(readGloveVectors(fixture('with-header.vec'), ['dog'], { dim: 4 })).rejects.toThrow(
      'line 1: the header says 3 dimensions, expected 4',
    );
  });

  it('names file and line of a line with the wrong number of values, even for an unwanted word', async () => {
    const file = fixture('wrong-count.glove.txt');
    const error = await readGloveVectors(file, ['a']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingsError);
    expect((error as Error).message).toBe(
      `${file}, line 3: has 2 values after the word, expected 3 (every line needs the same number)`,
    );
  });

  it('checks the expected dimension from the first line on', async () => {
    await expect(
      readGloveVectors(fixture('tiny.glove.txt'), ['cat'], { dim: 200 }),
    ).rejects.toThrow('line 1: has 4 values after the word, expected 200');
  });

  it('names a value that is not a number', async () => {
    const file = fixture('not-a-number.glove.txt');
    await expect(readGloveVectors(file, ['b'])).rejects.toThrow(
      `${file}, line 2: value 2 of "b" is "x", not a number`,
    );
  });

  it('names a missing file', async () => {
    await expect(readGloveVectors(fixture('absent.txt'), ['a'])).rejects.toThrow(
      'absent.txt: file not found',
    );
  });

  it('validates options', async () => {
    await expect(readGloveVectors(fixture('tiny.glove.txt'), ['a'], { dim: 0 })).rejects.toThrow(
      /readGloveVectors: dim/,
    );
  });
});
