import type { Tokenizer } from '@srnn/text';
import type { LabelMap } from './label-map';
import type { RecordSource } from './records';
import type { SkipCounts } from './skips';

/** One source to encode, in row order; fitted parts always come before the others. */
export interface EncodePart {
  name: string;
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
  maxLen: number;
  padding: 'pre' | 'post';
  truncating: 'pre' | 'post';
}

/** What an encoding strategy returns. */
export interface EncodeResult {
  x: Int32Array;
  y: Int32Array;
  labels: LabelMap;
  /** Records per part, in the order of {@link EncodePlan.parts}. */
  counts: number[];
  skipped: SkipCounts;
}
