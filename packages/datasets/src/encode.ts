import { Tokenizer } from '@srnn/text';
import { z } from 'zod';
import { LabelMap } from './label-map';
import { OptionsError, parseOptions } from './options';
import type { RecordSource } from './records';
import { encodeInOnePass } from './encode-one-pass';
import type { EncodePart, EncodePlan, PartName, TokenIds } from './encode-plan';
import type { EncodeStats } from './encode-stats';
import { encodeInTwoPasses } from './encode-two-passes';
import type { RowOffsets } from './ragged-ids';
import type { SkipCounts } from './skips';
import { contiguousSplit, type Split } from './split';

/**
 * Model input: a row-major id matrix [n, maxLen] and class indices, with what was skipped.
 * `X` is Int32Array unless encoded with `ids: 'compact'` (then Uint16Array when every id fits).
 * With `layout: 'ragged'` the matrix is stored without its padding: `x` holds each row's ids
 * (truncated to maxLen) back to back and `offsets` says where each row starts; gathering a batch
 * ({@link gatherBatch}) pads it back on the side `padding` says.
 */
export interface EncodedDataset<X extends TokenIds = Int32Array> {
  /** Token ids: row-major, shape [n, maxLen], 0 is padding; or with `offsets`, the rows' ids unpadded. */
  x: X;
  shape: [number, number];
  /** Ragged layout only: n + 1 entries, row r's ids are x[offsets[r]] up to x[offsets[r + 1]]. */
  offsets?: RowOffsets;
  /** Ragged layout only: the side a gathered row is padded on. */
  padding?: 'pre' | 'post';
  /** Class index of each row, per {@link EncodedDataset.labels}. */
  y: Int32Array;
  labels: LabelMap;
  /** The tokenizer the rows were encoded with (fitted here unless one was given). */
  tokenizer: Tokenizer;
  /** Invalid records skipped, by reason (unknown labels dropped included). */
  skipped: SkipCounts;
  /** Records kept and skipped per part and file, by reason: what a caller reports. */
  stats: EncodeStats;
  /** Present when the sources came as predefined parts: the rows of each part. */
  split?: Split;
}

/** Rows taken from an {@link EncodedDataset}. */
export type EncodedRows<X extends TokenIds = Int32Array> = Pick<
  EncodedDataset<X>,
  'x' | 'shape' | 'y' | 'offsets' | 'padding'
>;

/** The parts of a data set with a predefined split. */
export interface SplitSources {
  train: RecordSource;
  dev?: RecordSource;
  test?: RecordSource;
}

const optionsSchema = z
  .object({
    /** Row length: longer documents are truncated, shorter ones padded with 0. */
    maxLen: z.number().int().positive(),
    /** A fitted tokenizer to reuse (e.g. at prediction time); otherwise one is fitted in pass 1. */
    tokenizer: z.instanceof(Tokenizer).optional(),
    /** Settings for the tokenizer fitted in pass 1 (the paper: numWords 30000). */
    tokenizerOptions: z.record(z.string(), z.unknown()).optional(),
    /** Labels to use (e.g. saved with a model); otherwise learned from the data. */
    labels: z
      .union([
        z.custom<LabelMap>((v) => v instanceof LabelMap, 'expected a LabelMap'),
        z.array(z.string()),
      ])
      .optional(),
    /** Where padding goes; 'pre' as Keras's pad_sequences default, which the paper used. */
    padding: z.enum(['pre', 'post']).default('pre'),
    /** Which end of a long document is cut; 'pre' as Keras's default. */
    truncating: z.enum(['pre', 'post']).default('pre'),
    /** With predefined parts: fit the tokenizer on every part (the paper's practice) or train only. */
    fitOn: z.enum(['all', 'train']).default('all'),
    /**
     * 1: read the source once, keeping each document's word ids (4 bytes a token) until fitting
     * is done. 2: read it twice and keep no tokens (memory: the matrix alone), about half as fast.
     */
    passes: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).default(1),
    /**
     * A record whose label is not known (given in `labels`, or seen in the training part when
     * the source comes as `{ train, dev, test }`): 'error' (default) refuses it naming file and
     * line; 'skip' drops it and counts it (reason `unknownLabel`) in `skipped` and `stats`.
     */
    unknownLabels: z.enum(['error', 'skip']).default('error'),
    /**
     * The matrix's element type: 'int32' (default) always; 'compact' the narrowest that holds the
     * vocabulary: Uint16Array up to 65,535 ids (half the memory), Int32Array beyond.
     */
    ids: z.enum(['int32', 'compact']).default('int32'),
    /**
     * 'dense' (default): one padded matrix, maxLen ids a row. 'ragged': each row's ids without
     * padding (truncated the same way) plus row offsets, 4 bytes a row: memory follows the words,
     * not maxLen. Batches gathered from either are the same.
     */
    layout: z.enum(['dense', 'ragged']).default('dense'),
  })
  .strict();

/** Options for {@link encodeDataset}. */
export type EncodeOptions = z.input<typeof optionsSchema>;

const PART_NAMES = ['train', 'dev', 'test'] as const;

/**
 * Encodes a data source into model input: fits the tokenizer (unless one is given), learns the
 * labels (unless given) and writes one preallocated row-major matrix (Int32Array, or with
 * `ids: 'compact'` Uint16Array when every id fits). By default the source is read once
 * (`passes: 1`): each document is split once and kept as word ids (4 bytes per token) until
 * fitting is done. `passes: 2` reads the source twice instead and keeps no tokens: pass 1 fits and
 * counts, pass 2 encodes each document straight into its row; slower, but memory is the matrix
 * alone. Both give the same result. Give `{ train, dev, test }` sources to keep a predefined split
 * (returned as `split`); the labels are then learned from `train` alone. A label that is not known
 * (given, or seen in training) is an error naming file and line, or with `unknownLabels: 'skip'`
 * a dropped record counted in `skipped` and `stats`, which say per part and file what was kept
 * and what was skipped, by reason.
 */
export async function encodeDataset(
  source: RecordSource | SplitSources,
  options: EncodeOptions & { ids?: 'int32' },
): Promise<EncodedDataset>;
export async function encodeDataset(
  source: RecordSource | SplitSources,
  options: EncodeOptions,
): Promise<EncodedDataset<TokenIds>>;
export async function encodeDataset(
  source: RecordSource | SplitSources,
  options: EncodeOptions,
): Promise<EncodedDataset<TokenIds>> {
  const o = parseOptions(optionsSchema, options, 'encodeDataset');
  const named: [PartName, RecordSource][] =
    typeof source === 'function'
      ? [['all', source]]
      : PART_NAMES.flatMap((p) => (source[p] ? [[p, source[p]] as [PartName, RecordSource]] : []));
  const parts: EncodePart[] = named.map(([name, open]) => ({
    name,
    open,
    fit: !o.tokenizer && (o.fitOn === 'all' || name === 'train' || name === 'all'),
  }));
  if (parts.length === 0)
    throw new OptionsError('encodeDataset', [
      { field: 'source', message: 'no sources; give a record source or { train, dev?, test? }' },
    ]);
  const plan: EncodePlan = {
    parts,
    tokenizer:
      o.tokenizer ??
      new Tokenizer(o.tokenizerOptions as ConstructorParameters<typeof Tokenizer>[0]),
    givenLabels:
      o.labels instanceof LabelMap
        ? o.labels
        : o.labels
          ? LabelMap.fromLabels(o.labels)
          : undefined,
    unknownLabels: o.unknownLabels,
    maxLen: o.maxLen,
    padding: o.padding,
    truncating: o.truncating,
    ids: o.ids,
    layout: o.layout,
  };
  const { x, offsets, y, labels, counts, skipped, stats } =
    o.passes === 1 ? await encodeInOnePass(plan) : await encodeInTwoPasses(plan);
  const total = y.length;
  const encoded: EncodedDataset<TokenIds> = {
    x,
    shape: [total, o.maxLen],
    ...(offsets ? { offsets, padding: o.padding } : {}),
    y,
    labels,
    tokenizer: plan.tokenizer,
    skipped,
    stats,
  };
  if (parts.length > 1 || parts[0]?.name !== 'all') {
    const size = (name: string) => counts[parts.findIndex((part) => part.name === name)] ?? 0;
    encoded.split = contiguousSplit(size('train'), size('dev'), size('test'));
  }
  return encoded;
}

/**
 * Copies the given rows (e.g. one part of a {@link Split}) into a new matrix of the same type.
 * To train without copies, gather batches from the one matrix instead ({@link gatherBatch}).
 */
export function takeRows<X extends TokenIds>(
  encoded: EncodedRows<X>,
  indices: ArrayLike<number>,
): EncodedRows<X> {
  const [n, maxLen] = encoded.shape;
  if (encoded.offsets) {
    throw new RangeError(
      'takeRows: the rows are ragged (encoded with layout: ragged); use splitRows and gatherBatch',
    );
  }
  const x = new (encoded.x.constructor as new (length: number) => X)(indices.length * maxLen);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new RangeError(
        `takeRows: row index ${r} at position ${i} is out of range; expected an integer 0 to ${n - 1}`,
      );
    }
    x.set(encoded.x.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
    y[i] = encoded.y[r]!;
  }
  return { x, shape: [indices.length, maxLen], y };
}
