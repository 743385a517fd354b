// Choosing the row length T (and an SRNN plan) from the training documents' lengths, and telling
// when a given T pads most documents to many times their length: a 512-token row for a 12-word
// review is mostly padding, and training on it barely moves.
import type { EncodedSplit } from '@srnn/eval';
import { suggestPlans } from '@srnn/slicing';
import { textToWordSequence } from '@srnn/text';
import type { z } from 'zod';
import { dataSourceSchema, type DataSource } from './config';
import { parseOptions } from '@srnn/errors';
import { limitSource, openSource } from './sources';

/** Documents read at most to measure lengths (the first ones; enough for a percentile). */
export const LENGTH_SAMPLE = 100_000;
/** The share of documents whose whole text fits in a chosen T. */
export const LENGTH_PERCENTILE = 0.95;
/** Bounds of a chosen T: at least a few tokens per slice, at most the paper's longest rows. */
export const LENGTH_BOUNDS = { min: 8, max: 512 } as const;

/** A row length chosen from the data, with the figures behind it. */
export interface LengthChoice {
  maxLength: number;
  /** The suggested SRNN plan for that length (e.g. 'SRNN(4,1)'), fewest sequential steps first. */
  spec: string;
  /** Documents measured. */
  documents: number;
  /** Words of the document at the percentile: that many fit in `maxLength` for most documents. */
  percentileTokens: number;
  /** One sentence saying what was chosen and why. */
  reason: string;
}

/**
 * Words per document of the training data (the tokenizer's word splitting: Keras's default filters,
 * lower case), for the first {@link LENGTH_SAMPLE} documents of the training file or pool.
 */
export async function measureDocumentLengths(
  source: DataSource,
  options: { onInvalid?: 'error' | 'skip'; limit?: number } = {},
): Promise<number[]> {
  const resolved = parseOptions(
    dataSourceSchema,
    source,
    'measureDocumentLengths source',
  ) as z.output<typeof dataSourceSchema>;
  const opened = openSource(resolved, options.onInvalid ?? 'error');
  const records = opened.kind === 'pooled' ? opened.records : opened.parts.train;
  const lengths: number[] = [];
  const limit = Math.min(options.limit ?? LENGTH_SAMPLE, LENGTH_SAMPLE);
  for await (const record of limitSource(records, limit)()) {
    lengths.push(textToWordSequence(record.text).length);
  }
  return lengths;
}

/** The value at `fraction` of the sorted lengths (nearest rank). */
function percentile(lengths: readonly number[], fraction: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

/**
 * Chooses T: the {@link LENGTH_PERCENTILE} of the document lengths rounded up to a power of two
 * (which the uniform SRNN plans divide), within {@link LENGTH_BOUNDS}, and at least
 * `minimumLength` (e.g. the product of a given plan's slices); and the plan
 * {@link suggestPlans} puts first for it among the sliced ones.
 */
export function chooseLength(
  lengths: readonly number[],
  options: { minimumLength?: number } = {},
): LengthChoice {
  const p = percentile(lengths, LENGTH_PERCENTILE);
  let maxLength: number = LENGTH_BOUNDS.min;
  while (maxLength < p && maxLength < LENGTH_BOUNDS.max) maxLength *= 2;
  const fromData = maxLength;
  const minimum = options.minimumLength ?? 0;
  while (maxLength < minimum) maxLength *= 2;
  const spec = suggestPlans(maxLength, { minDepth: 1, limit: 1 })[0]!.name;
  const why =
    p > LENGTH_BOUNDS.max
      ? `capped at ${LENGTH_BOUNDS.max}`
      : `${fromData} is the next power of two (at least ${LENGTH_BOUNDS.min})`;
  const raised =
    maxLength > fromData
      ? `, raised to ${maxLength} to fill the given slicing (${minimum} slices)`
      : '';
  const reason = `${Math.round(LENGTH_PERCENTILE * 100)}% of the ${lengths.length} training documents measured have at most ${p} words; ${why}${raised}`;
  return { maxLength, spec, documents: lengths.length, percentileTokens: p, reason };
}

/**
 * The share of rows of an encoded split (front-padded ids, 0 = padding; its own rows, or rows of a
 * shared matrix) that hold at least one token and are more than `factor` times as long as their
 * tokens.
 */
export function overPaddedShare(split: EncodedSplit, factor = 4): number {
  const [rows, maxLength] = split.shape;
  let over = 0;
  for (let r = 0; r < rows; r++) {
    const from = (split.rows ? split.rows[r]! : r) * maxLength;
    let tokens = 0;
    for (let t = from; t < from + maxLength; t++) if (split.x[t] !== 0) tokens++;
    if (tokens > 0 && maxLength > factor * tokens) over++;
  }
  return rows > 0 ? over / rows : 0;
}
