/**
 * Batches that look like text to the model, for `pnpm bench`: token ids drawn from a Zipf law
 * (id = frequency rank, as the tokenizer numbers words) and document lengths from a log-normal law
 * with the mean and maximum of a data set of the paper's table 1, padded and truncated at the front
 * as the paper's code did. Uniform ids repeat little and fill every position; text repeats its
 * frequent words and leaves most positions to padding, which changes what the step costs.
 *
 * The parameters are fixed here, before any measurement, and not tuned to the results.
 */
import type { EncodedSplit } from '@srnn/eval';
import { LengthDistribution, SYNTHETIC_PARAMETERS, ZipfSampler } from '@srnn/datasets';
import { mulberry32 } from '@srnn/random';
import { PAPER_TABLE1 } from '../paper';

export interface NaturalTextParameters {
  /** The table 1 row the lengths and the corpus vocabulary come from. */
  dataset: string;
  /** Mean and maximum words per document (table 1). */
  meanWords: number;
  maxWords: number;
  /** Distinct words in the corpus (table 1): ranks beyond the model's vocabulary are dropped. */
  corpusVocabulary: number;
  /** Shape of the log-normal length law (the standard deviation of log length). */
  lengthSigma: number;
  /** P(rank r) proportional to r^-exponent. */
  zipfExponent: number;
  seed: number;
}

function fromTable1(
  dataset: string,
): Pick<NaturalTextParameters, 'dataset' | 'meanWords' | 'maxWords' | 'corpusVocabulary'> {
  const row = PAPER_TABLE1.find((r) => r.dataset === dataset);
  if (!row) throw new Error(`no table 1 row for '${dataset}'`);
  return {
    dataset,
    meanWords: row.averageWords,
    maxWords: row.maxWords,
    corpusVocabulary: row.vocabulary,
  };
}

/**
 * The bench's natural-text batches at T = 512: Yelp 2013 (129.2 words on average), the paper's
 * T = 512 data set, with the Zipf exponent (1, Zipf's classic law) and length shape (sigma 0.7, a
 * long right tail) of @srnn/datasets' synthetic data sets, so that the bench's text and theirs are
 * drawn alike. The seed is the bench's own.
 */
export const NATURAL_TEXT: NaturalTextParameters = {
  ...fromTable1('Yelp 2013'),
  lengthSigma: SYNTHETIC_PARAMETERS.lengthSigma,
  zipfExponent: SYNTHETIC_PARAMETERS.zipfExponent,
  seed: 20180706,
};

/** What a batch holds, to print beside its timings. */
export interface BatchProfile {
  /** Non-padding tokens over all positions. */
  realShare: number;
  /** Distinct non-padding ids over non-padding tokens: the rows the input projection computes. */
  distinctShare: number;
  meanTokens: number;
}

export function profileBatch(batch: EncodedSplit): BatchProfile {
  const distinct = new Set<number>();
  let real = 0;
  for (const id of batch.x) {
    if (id === 0) continue;
    real += 1;
    distinct.add(id);
  }
  return {
    realShare: real / batch.x.length,
    distinctShare: real > 0 ? distinct.size / real : 0,
    meanTokens: real / batch.shape[0],
  };
}

/**
 * `rows` documents as a batch of `length` ids, drawn with @srnn/datasets' samplers (those of its
 * synthetic data sets): each document's word count from the log-normal law whose mean after
 * rounding and clipping to [1, maxWords] is the table's, each word's rank from the Zipf law over the corpus's
 * vocabulary; ranks at or above `vocabulary` are dropped (the tokenizer keeps the vocabulary - 1
 * most frequent words, id = rank), then the document is truncated and padded at the front to
 * `length`. Labels are uniform over `classes`. The same parameters give the same batch everywhere.
 */
export function naturalTextBatch(
  rows: number,
  length: number,
  vocabulary: number,
  classes: number,
  params: NaturalTextParameters = NATURAL_TEXT,
): EncodedSplit<Int32Array> {
  const uniform = mulberry32(params.seed);
  const zipf = new ZipfSampler(params.corpusVocabulary, params.zipfExponent, uniform);
  const lengths = new LengthDistribution(
    params.meanWords,
    params.maxWords,
    params.lengthSigma,
  ).sampler(uniform);
  const x = new Int32Array(rows * length);
  const y = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const words = lengths();
    const ids: number[] = [];
    for (let w = 0; w < words; w += 1) {
      const rank = zipf.next();
      if (rank < vocabulary) ids.push(rank);
    }
    const kept = ids.slice(Math.max(0, ids.length - length));
    x.set(kept, row * length + (length - kept.length));
    y[row] = Math.floor(uniform() * classes);
  }
  return { x, shape: [rows, length], y };
}
