// Importing the model registers the default GRU cell and the model's own layers.
import '@srnn/cell-gru';

export {
  createEncoder,
  encoderOptionsSchema,
  getCell,
  listCells,
  registerCell,
  type CellDefinition,
  type EncoderOptions,
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
export { levelCellSchema, type LevelCell, type SlicedRnnArgs } from './level-config';
export { SlicedRNN } from './sliced-rnn';
export { TokenEmbedding, type TokenEmbeddingArgs } from './token-embedding';
export {
  loadClassifier,
  saveClassifier,
  type LoadedClassifier,
  type SavedModelMetadata,
} from './save-load';
