import { Tokenizer } from '@srnn/text';
import { buildEmbeddingMatrix } from '../src/build-matrix';
import type { WordVectors } from '../src/word-vectors';

const vectors: WordVectors = {
  dim: 2,
  vectors: new Map([
    ['cat', Float32Array.of(1, 3)],
    ['mat', Float32Array.of(-1, 1)],
    ['dog', Float32Array.of(7, 7)], // not in the vocabulary
  ]),
};
const wordIndex = new Map([
  ['the', 1],
  ['cat', 2],
  ['mat', 3],
  ['sat', 4],
]);
const row = (m: Float32Array, r: number, dim = 2) => Array.from(m.subarray(r * dim, (r + 1) * dim));

describe('buildEmbeddingMatrix', () => {
  it('puts found vectors in their rows, zeros in row 0, and counts coverage', () => {
    const built = buildEmbeddingMatrix(wordIndex, vectors, { init: 'zeros' });
    expect([built.rows, built.dim]).toEqual([5, 2]);
    expect([0, 1, 2, 3, 4].map((r) => row(built.matrix, r))).toEqual([
      [0, 0],
      [0, 0],
      [1, 3],
      [-1, 1],
      [0, 0],
    ]);
    expect(built.coverage).toEqual({
      words: 4,
      wordsFound: 2,
      tokenShare: null,
      missingExamples: ['the', 'sat'],
    });
  });

  it("fills missing rows from a normal with the found values' mean and std by default", () => {
    // Found values 1, 3, -1, 1: mean 1, variance (0 + 4 + 4 + 0) / 4 = 2.
    const built = buildEmbeddingMatrix(wordIndex, vectors);
    expect(built.fill.init).toBe('normal');
    expect(built.fill.mean).toBeCloseTo(1, 12);
    expect(built.fill.std).toBeCloseTo(Math.SQRT2, 12);
    expect(row(built.matrix, 0)).toEqual([0, 0]);
    expect(row(built.matrix, 2)).toEqual([1, 3]);
    expect(row(built.matrix, 1)).not.toEqual([0, 0]);
  });

  it('draws missing rows whose moments match the asked distribution', () => {
    const big = new Map(
      Array.from({ length: 4000 }, (_, i) => [`w${i}`, i + 1] as [string, number]),
    );
    const none: WordVectors = { dim: 10, vectors: new Map() };
    const moments = (m: Float32Array) => {
      const values = Array.from(m.subarray(10)); // rows 1.. (row 0 is padding)
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
    };
    const normal = moments(
      buildEmbeddingMatrix(big, none, { init: 'normal', mean: 0.5, std: 0.2 }).matrix,
    );
    expect(normal.mean).toBeCloseTo(0.5, 2);
    expect(normal.std).toBeCloseTo(0.2, 2);
    const uniform01 = moments(buildEmbeddingMatrix(big, none, { init: 'uniform01' }).matrix);
    expect(uniform01.mean).toBeCloseTo(0.5, 2);
    expect(uniform01.std).toBeCloseTo(Math.sqrt(1 / 12), 2);
    expect(uniform01.min).toBeGreaterThanOrEqual(0);
    expect(uniform01.max).toBeLessThan(1);
    const uniform = moments(
      buildEmbeddingMatrix(big, none, { init: 'uniform', mean: 0, std: 0.3 }).matrix,
    );
    expect(uniform.std).toBeCloseTo(0.3, 2);
    expect(uniform.max).toBeLessThanOrEqual(0.3 * Math.sqrt(3));
    // With no vector found the default spread is 1 / sqrt(dim).
    expect(buildEmbeddingMatrix(big, none).fill).toEqual({
      init: 'normal',
      mean: 0,
      std: 1 / Math.sqrt(10),
    });
  });

  it('is the same for the same seed and differs for another', () => {
    const a = buildEmbeddingMatrix(wordIndex, vectors, { seed: 1 }).matrix;
    expect(buildEmbeddingMatrix(wordIndex, vectors, { seed: 1 }).matrix).toEqual(a);
    expect(buildEmbeddingMatrix(wordIndex, vectors, { seed: 2 }).matrix).not.toEqual(a);
  });

  it("uses a tokenizer's rows and counts for the token share, leaving out the OOV token", () => {
    // Counts: the 3, cat 2, mat 1, sat 1; OOV token at index 1.
    const tokenizer = new Tokenizer({ oovToken: '<oov>' }).fitOnTexts([
      'the cat sat',
      'the cat',
      'the mat',
    ]);
    const built = buildEmbeddingMatrix(tokenizer, vectors, { init: 'zeros' });
    expect(built.rows).toBe(tokenizer.vocabularySize);
    expect(built.coverage.words).toBe(4);
    expect(built.coverage.wordsFound).toBe(2);
    expect(built.coverage.tokenShare).toBeCloseTo(3 / 7, 12); // cat 2 + mat 1 of 7 occurrences
  });

  it('cuts the matrix at rows and checks the dimension', () => {
    const built = buildEmbeddingMatrix(wordIndex, vectors, { rows: 3, init: 'zeros' });
    expect(built.coverage).toMatchObject({ words: 2, wordsFound: 1 });
    expect(built.matrix).toHaveLength(6);
    expect(() => buildEmbeddingMatrix(wordIndex, vectors, { dim: 3 })).toThrow(
      'dim is 3 but the vectors have 2 values each',
    );
  });

  it('names a bad option and the allowed values', () => {
    expect(() => buildEmbeddingMatrix(wordIndex, vectors, { init: 'glorot' as 'zeros' })).toThrow(
      /init: .*"normal"\|"uniform"\|"uniform01"\|"zeros"/,
    );
  });
});
