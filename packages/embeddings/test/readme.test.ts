// Mirrors the README's usage example, so that it stays true.
import { join } from 'node:path';
import { Tokenizer } from '@srnn/text';
import { buildEmbeddingMatrix, readGloveVectors } from '@srnn/embeddings';

it('runs the README example', async () => {
  const tokenizer = new Tokenizer({ numWords: 30000 }).fitOnTexts([
    'the cat sat',
    'the cat',
    'the mat',
  ]);
  const vectors = await readGloveVectors(join(__dirname, 'fixtures', 'tiny.glove.txt'), tokenizer);
  const { matrix, rows, dim, coverage } = buildEmbeddingMatrix(tokenizer, vectors, { seed: 2018 });
  expect([rows, dim, coverage]).toEqual([
    30000,
    4,
    { words: 4, wordsFound: 4, tokenShare: 1, missingExamples: [] },
  ]);
  expect(Array.from(matrix.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  // 'cat' has index 2 (second most frequent) and its row is its GloVe vector.
  expect(Array.from(matrix.subarray(2 * 4, 3 * 4))).toEqual([-1, 0, 1, 2.5]);
});
