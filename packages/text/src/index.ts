export { Tokenizer } from './tokenizer';
export { SequenceStore, type StorePadOptions } from './sequence-store';
export { textToWordSequence } from './text-to-word-sequence';
export { padSequences, padInto, type IdRow, type PaddedBatch } from './pad';
export {
  DEFAULT_FILTERS,
  type TokenizerOptions,
  type WordSequenceOptions,
  type PadOptions,
  type RowPadOptions,
  type PadSide,
  type ResolvedTokenizerOptions,
} from './options';
export { TOKENIZER_LIMITS, type TokenizerLimits } from './limits';
export { TOKENIZER_FORMAT, TOKENIZER_FORMAT_VERSION, type TokenizerJson } from './tokenizer-json';
