// Importing the model registers the default GRU cell and the model's own layers.
import '@srnn/cell-gru';

export {
  createEncoder,
  describeCells,
  encoderOptionsSchema,
  getCell,
  listCells,
  parseCellList,
  registerCell,
  type CellDefinition,
  type CellListing,
  type Direction,
  type EncodeOptions,
  type EncoderOptions,
  type SequenceEncoder,
  type SequenceEncoderLayer,
  type StateOutput,
} from '@srnn/cells';
export { gruCell, GruEncoder } from '@srnn/cell-gru';
export {
  architectures,
  classifierConfigSchema,
  type Architecture,
  type ClassifierConfig,
  type ResolvedClassifierConfig,
} from './classifier-config';
export {
  buildClassifier,
  parseClassifierConfig,
  planFor,
  type ClassifierDescription,
} from './classifier';
export { CausalConvStack, type CausalConvStackArgs } from './causal-conv-stack';
export { FrontPadding, type FrontPaddingArgs } from './front-padding';
export {
  levelCellSchema,
  levelWidth,
  merges,
  type LevelCell,
  type Merge,
  type SlicedRnnArgs,
} from './level-config';
export { SlicedRNN, type LevelAttention } from './sliced-rnn';
export type { LevelLayers } from './level-run';
export { AttentionPooling, type AttentionPoolingArgs, type Pooled } from './attention-pooling';
export { explainAttention } from './explain-attention';
export { TokenEmbedding, type TokenEmbeddingArgs } from './token-embedding';
export {
  loadClassifier,
  saveClassifier,
  type LoadedClassifier,
  type SavedModelMetadata,
} from './save-load';
