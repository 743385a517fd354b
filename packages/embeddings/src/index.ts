export { readGloveVectors, type GloveOptions } from './glove';
export { fromWinkEmbeddings, loadWinkVectors, WINK_PACKAGE, type WinkEmbeddings } from './wink';
export { buildEmbeddingMatrix } from './buildMatrix';
export type { Coverage, EmbeddingMatrix, EmbeddingMatrixOptions } from './buildMatrix';
export type { WordVectors } from './wordVectors';
export type { Vocabulary } from './vocabulary';
export { EmbeddingsError } from './errors';
export { OptionsError } from './options';
export { mulberry32 } from '@srnn/random';
