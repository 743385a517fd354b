import { buildEmbeddingMatrix, readGloveVectors, type EmbeddingMatrix } from '@srnn/embeddings';
import type { Tokenizer } from '@srnn/text';

/**
 * The initial embedding matrix (vocabularySize x dim, row-major) for the tokenizer's vocabulary
 * from a GloVe text file, streamed so that only the vocabulary's vectors are kept. Words without a
 * vector get seeded random rows (see @srnn/embeddings); the coverage says how many there were.
 */
export async function loadGloveMatrix(
  file: string,
  tokenizer: Tokenizer,
  vocabularySize: number,
  dim: number,
  seed: number,
): Promise<EmbeddingMatrix> {
  const vectors = await readGloveVectors(file, tokenizer, { dim });
  return buildEmbeddingMatrix(tokenizer, vectors, { dim, rows: vocabularySize, seed });
}
