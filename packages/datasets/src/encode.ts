import { Tokenizer } from '@srnn/text';
import { z } from 'zod';
import { LabelMap } from './labelMap';
import { OptionsError, parseOptions } from './options';
import type { RecordSource, TextRecord } from './records';
import { addSkipCounts, type SkipCounts } from './skips';
import { contiguousSplit, type Split } from './split';

/** Model input: a row-major id matrix [n, maxLen] and class indices, with what was skipped. */
export interface EncodedDataset {
  /** Token ids, row-major, shape [n, maxLen]; 0 is padding. */
  x: Int32Array;
  shape: [number, number];
  /** Class index of each row, per {@link EncodedDataset.labels}. */
  y: Int32Array;
  labels: LabelMap;
  /** The tokenizer the rows were encoded with (fitted here unless one was given). */
  tokenizer: Tokenizer;
  /** Invalid records skipped, by reason. */
  skipped: SkipCounts;
  /** Present when the sources came as predefined parts: the rows of each part. */
  split?: Split;
}

/** Rows taken from an {@link EncodedDataset}. */
export type EncodedRows = Pick<EncodedDataset, 'x' | 'shape' | 'y'>;

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
  })
  .strict();

/** Options for {@link encodeDataset}. */
export type EncodeOptions = z.input<typeof optionsSchema>;

const PART_NAMES = ['train', 'dev', 'test'] as const;

/**
 * Encodes a data source into model input in two streaming passes: pass 1 fits the tokenizer
 * (unless one is given), learns the labels (unless given) and counts the documents; pass 2 writes
 * each document straight into one preallocated Int32Array with `tokenizer.encodeInto`, so texts
 * never sit in memory together. Give `{ train, dev, test }` sources to keep a predefined split
 * (returned as `split`). An unknown label (with given labels) is an error naming file and line.
 */
export async function encodeDataset(
  source: RecordSource | SplitSources,
  options: EncodeOptions,
): Promise<EncodedDataset> {
  const o = parseOptions(optionsSchema, options, 'encodeDataset');
  const parts: [string, RecordSource][] =
    typeof source === 'function'
      ? [['all', source]]
      : PART_NAMES.flatMap((p) => (source[p] ? [[p, source[p]] as [string, RecordSource]] : []));
  if (parts.length === 0)
    throw new OptionsError(
      'encodeDataset: no sources; give a record source or { train, dev?, test? }',
    );

  // Pass 1: count, collect labels, fit.
  const given =
    o.labels instanceof LabelMap ? o.labels : o.labels ? LabelMap.fromLabels(o.labels) : undefined;
  const seenLabels = new Set<string>();
  const counts: number[] = [];
  const tokenizer =
    o.tokenizer ?? new Tokenizer(o.tokenizerOptions as ConstructorParameters<typeof Tokenizer>[0]);
  for (const [name, open] of parts) {
    let n = 0;
    const fitThisPart = !o.tokenizer && (o.fitOn === 'all' || name === 'train' || name === 'all');
    const texts = async function* (): AsyncGenerator<string> {
      for await (const record of open()) {
        n++;
        if (given) given.indexOf(record.label, record);
        else seenLabels.add(record.label);
        if (fitThisPart) yield record.text;
      }
    };
    if (fitThisPart) {
      await tokenizer.fitOnTextsAsync(texts());
    } else {
      for await (const _text of texts());
    }
    counts.push(n);
  }
  const labels = given ?? LabelMap.learn(seenLabels);

  // Pass 2: encode into one preallocated matrix.
  const total = counts.reduce((a, b) => a + b, 0);
  const { maxLen, padding, truncating } = o;
  const x = new Int32Array(total * maxLen);
  const y = new Int32Array(total);
  const skipped: SkipCounts = {};
  let row = 0;
  for (const [p, [, open]] of parts.entries()) {
    const stream = open();
    const partEnd = row + (counts[p] ?? 0);
    for await (const record of stream) {
      if (row >= partEnd) throw sourceChanged(record);
      tokenizer.encodeInto(record.text, x.subarray(row * maxLen, (row + 1) * maxLen), {
        padding,
        truncating,
      });
      y[row] = labels.indexOf(record.label, record);
      row++;
    }
    if (row !== partEnd) throw sourceChanged();
    addSkipCounts(skipped, stream.skipped);
  }
  const encoded: EncodedDataset = { x, shape: [total, maxLen], y, labels, tokenizer, skipped };
  if (parts.length > 1 || parts[0]?.[0] !== 'all') {
    const size = (name: string) => counts[parts.findIndex(([n]) => n === name)] ?? 0;
    encoded.split = contiguousSplit(size('train'), size('dev'), size('test'));
  }
  return encoded;
}

function sourceChanged(record?: TextRecord): Error {
  const where = record ? ` (at ${record.file}, line ${record.line})` : '';
  return new Error(
    `encodeDataset: the source gave a different number of records on the second pass${where}; do not change the files while encoding`,
  );
}

/** Copies the given rows (e.g. one part of a {@link Split}) into a new, compact matrix. */
export function takeRows(encoded: EncodedRows, indices: ArrayLike<number>): EncodedRows {
  const [n, maxLen] = encoded.shape;
  const x = new Int32Array(indices.length * maxLen);
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
