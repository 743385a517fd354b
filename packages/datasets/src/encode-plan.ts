import type { Tokenizer } from '@srnn/text';
import type { LabelMap } from './label-map';
import type { RecordSource } from './records';
import type { SkipCounts } from './skips';
import type { EncodeStats } from './encode-stats';
import type { RowOffsets } from './ragged-ids';

/** Names of the parts a source may come in. */
export type PartName = 'all' | 'train' | 'dev' | 'test';

/** One source to encode, in row order; fitted parts always come before the others. */
export interface EncodePart {
  name: PartName;
  open: RecordSource;
  /** Whether the tokenizer is fitted on this part. */
  fit: boolean;
}

/** What {@link encodeDataset} resolved from its arguments, shared by both encoding strategies. */
export interface EncodePlan {
  parts: EncodePart[];
  tokenizer: Tokenizer;
  /** Labels to use; when absent they are learned from the data. */
  givenLabels: LabelMap | undefined;
  /** Records whose label is not known (given, or seen in training): refuse, or drop and count. */
  unknownLabels: 'error' | 'skip';
  maxLen: number;
  padding: 'pre' | 'post';
  truncating: 'pre' | 'post';
  /** The element type of the token matrix. */
  ids: 'int32' | 'compact';
  /** 'dense': one padded matrix; 'ragged': each row's ids unpadded, back to back, with offsets. */
  layout: 'dense' | 'ragged';
}

/** Token ids as stored: Int32Array, or Uint16Array when every id fits in 16 bits. */
export type TokenIds = Int32Array | Uint16Array;

/** What an encoding strategy returns. */
export interface EncodeResult {
  x: TokenIds;
  /** With `layout: 'ragged'`: where each row's ids start in `x` (rows + 1 entries). */
  offsets?: RowOffsets;
  y: Int32Array;
  labels: LabelMap;
  /** Records per part, in the order of {@link EncodePlan.parts}. */
  counts: number[];
  skipped: SkipCounts;
  stats: EncodeStats;
}
