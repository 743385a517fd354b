import {
  encodeDataset,
  splitIndices,
  splitRows,
  storedRow,
  type EncodedMatrix,
  type LabelMap,
  type SkipCounts,
} from '@srnn/datasets';
import type { EncodedSplit } from '@srnn/eval';
import type { Tokenizer } from '@srnn/text';
import type { z } from 'zod';
import {
  dataSourceSchema,
  prepareOptionsSchema,
  type DataSource,
  type PrepareOptions,
  type ResolvedPrepareOptions,
} from './config';
import { parseOptions } from '@srnn/errors';
import { PipelineConfigError } from './errors';
import { fingerprintData, type DataFingerprint } from './fingerprint';
import { limitSource, openSource } from './sources';

/** Figures about the prepared documents. */
export interface PreparationStats {
  /** Documents encoded (after skips and `limit`). */
  documents: number;
  /** Invalid records skipped, by reason. */
  skipped: Record<string, number>;
  /** Mean non-padding tokens per row (after truncation to maxLength). */
  meanTokens: number;
  /** Fraction of rows that fill all maxLength positions (so may have been truncated). */
  fullRows: number;
  /** Rows per split. */
  sizes: { train: number; validation: number; test: number };
  /** Documents per class, in class-index order. */
  classCounts: number[];
}

/**
 * Documents turned into model input: tokenizer, labels and three encoded splits, each a view of
 * rows of one shared ragged matrix (each document's ids without padding, Uint16 when the
 * vocabulary fits, Int32 otherwise), padded to maxLength as batches are gathered.
 */
export interface PreparedData {
  /** The tokenizer fitted on the documents (numWords = vocabulary). */
  tokenizer: Tokenizer;
  /** Raw labels to class indices. */
  labels: LabelMap;
  classes: number;
  /** Row length of every split. */
  maxLength: number;
  /** Rows of the embedding matrix the tokenizer's ids need. */
  vocabularySize: number;
  train: EncodedSplit;
  validation: EncodedSplit;
  test: EncodedSplit;
  stats: PreparationStats;
  /** The validated options that decide the data (how it was read, `passes` and `ids`, left out). */
  options: ResolvedPrepareOptions;
  /** A short name of the source, for reports. */
  sourceName: string;
  /** The content hash of the files read (what tells a rerun on the same data from another run). */
  fingerprint: DataFingerprint;
  /**
   * What of the source decides the encoding besides the file contents (kind, format, fields, which
   * parts were given; not file paths, so a moved file is the same data).
   */
  sourceSettings: Record<string, unknown>;
  /** The text and label fields read (files only). */
  fields?: { text: string | number; label: string | number };
}

/** The source without file paths, for the run's settings fingerprint. */
function sourceSettingsOf(source: z.output<typeof dataSourceSchema>): Record<string, unknown> {
  if (source.kind !== 'files')
    return { ...source, ...(source.kind === 'paper' ? { dir: undefined } : {}) };
  return {
    kind: 'files',
    format: source.format,
    textField: source.textField ?? 'text',
    labelField: source.labelField ?? 'label',
    validation: source.validation !== undefined,
    test: source.test !== undefined,
  };
}

/** Carves the parts the files did not provide out of the training rows, with a seeded shuffle. */
function completeSplit(
  given: { train: Int32Array; dev: Int32Array; test: Int32Array },
  fractions: [number, number, number],
  seed: number,
): { train: Int32Array; dev: Int32Array; test: Int32Array } {
  const needDev = given.dev.length === 0;
  const needTest = given.test.length === 0;
  if (!needDev && !needTest) return given;
  const share: [number, number, number] = [
    fractions[0],
    needDev ? fractions[1] : 0,
    needTest ? fractions[2] : 0,
  ];
  const total = share[0] + share[1] + share[2];
  const carved = splitIndices(
    given.train.length,
    [share[0] / total, share[1] / total, share[2] / total],
    seed,
  );
  const map = (local: Int32Array) => local.map((i) => given.train[i]!);
  return {
    train: map(carved.train),
    dev: needDev ? map(carved.dev) : given.dev,
    test: needTest ? map(carved.test) : given.test,
  };
}

function describeRows(
  encoded: EncodedMatrix,
  rows: number,
  maxLength: number,
): { meanTokens: number; fullRows: number } {
  let tokens = 0;
  let full = 0;
  for (let r = 0; r < rows; r++) {
    const ids = storedRow(encoded, r);
    let inRow = 0;
    for (let t = 0; t < ids.length; t++) if (ids[t] !== 0) inRow++;
    tokens += inRow;
    if (inRow === maxLength) full++;
  }
  return { meanTokens: rows > 0 ? tokens / rows : 0, fullRows: rows > 0 ? full / rows : 0 };
}

/**
 * Reads a data source (once, or with `passes: 2` twice keeping no tokens), encodes it into one
 * ragged matrix (each document's ids, truncated to maxLength, without padding; Uint16 ids when
 * the vocabulary fits, unless `ids: 'int32'`), and splits its rows into
 * train, validation and test, as index views of that matrix (no copies): with a seeded shuffle
 * by `options.split` when the source is one pool, or as the files come (parts that are missing
 * are carved out of the training file with the same seeded shuffle).
 *
 * @throws OptionsError naming the field and the allowed values when source or options are invalid.
 */
export async function prepareData(
  source: DataSource,
  options: PrepareOptions,
): Promise<PreparedData> {
  const resolvedSource = parseOptions(dataSourceSchema, source, 'prepareData source');
  const o = parseOptions(prepareOptionsSchema, options, 'prepareData options');
  const opened = openSource(resolvedSource, o.onInvalid);
  const encodeOptions = {
    maxLen: o.maxLength,
    tokenizerOptions: { numWords: o.vocabulary },
    ids: o.ids ?? 'compact',
    passes: o.passes ?? 1,
    unknownLabels: o.unknownLabels,
    // Each document's ids without padding: memory follows the words, not maxLength.
    layout: 'ragged' as const,
  };
  const encoded =
    opened.kind === 'pooled'
      ? await encodeDataset(limitSource(opened.records, o.limit), encodeOptions)
      : await encodeDataset(
          {
            train: limitSource(opened.parts.train, o.limit),
            ...(opened.parts.dev ? { dev: limitSource(opened.parts.dev, o.limit) } : {}),
            ...(opened.parts.test ? { test: limitSource(opened.parts.test, o.limit) } : {}),
          },
          encodeOptions,
        );
  const [documents] = encoded.shape;
  // After the readers: they name a missing or unreadable file better than a hash would.
  const fingerprint = await fingerprintData(resolvedSource);
  if (encoded.labels.size < 2) {
    throw new PipelineConfigError(
      `${opened.description}: found ${encoded.labels.size} label (${encoded.labels.labels.join(', ')}); a classifier needs at least 2 classes`,
    );
  }
  const parts = encoded.split
    ? completeSplit(encoded.split, o.split, o.seed)
    : splitIndices(documents, o.split, o.seed);
  for (const [name, rows] of [
    ['train', parts.train],
    ['validation', parts.dev],
    ['test', parts.test],
  ] as const) {
    if (rows.length === 0) {
      throw new PipelineConfigError(
        `${opened.description}: the ${name} split is empty (${documents} documents, split ${o.split.join('/')}); give more documents or larger fractions`,
      );
    }
  }
  const classCounts = new Array<number>(encoded.labels.size).fill(0);
  for (const label of encoded.y) classCounts[label]! += 1;
  const train: EncodedSplit = splitRows(encoded, parts.train);
  const validation: EncodedSplit = splitRows(encoded, parts.dev);
  const test: EncodedSplit = splitRows(encoded, parts.test);
  // How the data was read does not change it: a run records (and fingerprints) the rest.
  const { passes: _passes, ids: _ids, ...recorded } = o;
  return {
    tokenizer: encoded.tokenizer,
    labels: encoded.labels,
    classes: encoded.labels.size,
    maxLength: o.maxLength,
    vocabularySize: Math.min(
      encoded.tokenizer.vocabularySize,
      encoded.tokenizer.wordIndex.size + 1,
    ),
    train,
    validation,
    test,
    stats: {
      documents,
      skipped: { ...(encoded.skipped as SkipCounts) } as Record<string, number>,
      ...describeRows(encoded, documents, o.maxLength),
      sizes: { train: train.shape[0], validation: validation.shape[0], test: test.shape[0] },
      classCounts,
    },
    options: recorded,
    sourceName: opened.description,
    fingerprint,
    sourceSettings: sourceSettingsOf(resolvedSource),
    ...(resolvedSource.kind === 'files'
      ? {
          fields: {
            text: resolvedSource.textField ?? 'text',
            label: resolvedSource.labelField ?? 'label',
          },
        }
      : {}),
  };
}
