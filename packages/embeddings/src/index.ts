export { readGloveVectors, type GloveOptions } from './glove';
export { fromWinkEmbeddings, loadWinkVectors, WINK_PACKAGE, type WinkEmbeddings } from './wink';
export { buildEmbeddingMatrix } from './build-matrix';
export type { Coverage, EmbeddingMatrix, EmbeddingMatrixOptions } from './build-matrix';
export type { WordVectors } from './word-vectors';
export type { Vocabulary } from './vocabulary';
export { EmbeddingsError } from './errors';
export { OptionsError } from '@srnn/errors';
