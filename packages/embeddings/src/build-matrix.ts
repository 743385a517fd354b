import { z } from 'zod';
import { parseOptions } from '@srnn/errors';
import { mulberry32, standardNormal } from '@srnn/random';
import { resolveVocabulary, type Vocabulary } from './vocabulary';
import type { WordVectors } from './word-vectors';

const optionsSchema = z
  .object({
    /** Vector length; must match the vectors when given. */
    dim: z.number().int().positive().optional(),
    /** Rows of the matrix; default the vocabulary's (a tokenizer's vocabularySize). Words at or past it are left out. */
    rows: z.number().int().positive().optional(),
    /**
     * Rows of words without a vector: 'normal' (default; mean and std of the found vectors),
     * 'uniform' (same mean and variance, uniform), 'uniform01' (the paper's uniform [0, 1)), 'zeros'.
     */
    init: z.enum(['normal', 'uniform', 'uniform01', 'zeros']).default('normal'),
    /** Mean for 'normal' and 'uniform'; default that of the found vectors' values. */
    mean: z.number().optional(),
    /** Standard deviation for 'normal' and 'uniform'; default that of the found vectors' values. */
    std: z.number().nonnegative().optional(),
    seed: z.number().int().default(2018),
    /** Occurrences per word, for the token share of the coverage (a tokenizer brings its own). */
    counts: z
      .custom<ReadonlyMap<string, number>>(
        (v) => v instanceof Map,
        'expected a Map of word to count',
      )
      .optional(),
    /** How many missing words to report, most frequent first. */
    missingExamples: z.number().int().nonnegative().default(10),
  })
  .strict();

/** Options for {@link buildEmbeddingMatrix}. */
export type EmbeddingMatrixOptions = z.input<typeof optionsSchema>;

/** How much of a vocabulary the pretrained vectors cover. */
export interface Coverage {
  /** Vocabulary words with a row in the matrix (the OOV token not included). */
  words: number;
  /** Of those, words with a pretrained vector. */
  wordsFound: number;
  /** Share of the words' occurrences (by count) that have a vector; null without counts. */
  tokenShare: number | null;
  /** Words without a vector, most frequent (lowest row) first. */
  missingExamples: string[];
}

/** An embedding matrix ready to initialise an Embedding layer (row 0, the padding, is zeros). */
export interface EmbeddingMatrix {
  /** Row-major [rows, dim]. */
  matrix: Float32Array;
  rows: number;
  dim: number;
  coverage: Coverage;
  /** The mean and std used for rows without a vector ('normal' and 'uniform'). */
  fill: { init: 'normal' | 'uniform' | 'uniform01' | 'zeros'; mean: number; std: number };
}

/**
 * Builds the initial embedding matrix for a vocabulary: row i holds the pretrained vector of the
 * word with index i when there is one, a seeded random (or zero) vector otherwise; row 0 is zeros.
 */
export function buildEmbeddingMatrix(
  vocabulary: Vocabulary,
  vectors: WordVectors,
  options?: EmbeddingMatrixOptions,
): EmbeddingMatrix {
  const o = parseOptions(optionsSchema, options, 'buildEmbeddingMatrix');
  const {
    wordIndex,
    rows: vocabularyRows,
    counts: ownCounts,
    oovToken,
  } = resolveVocabulary(vocabulary);
  const dim = vectors.dim;
  if (o.dim !== undefined && o.dim !== dim) {
    throw new RangeError(
      `buildEmbeddingMatrix: dim is ${o.dim} but the vectors have ${dim} values each`,
    );
  }
  const rows = o.rows ?? vocabularyRows;
  const counts = o.counts ?? ownCounts;
  const matrix = new Float32Array(rows * dim);

  // The word of each row, and the found vectors copied in.
  const wordOfRow: (string | undefined)[] = new Array<string | undefined>(rows).fill(undefined);
  for (const [word, index] of wordIndex) if (index < rows) wordOfRow[index] = word;
  const found = new Uint8Array(rows);
  let words = 0;
  let wordsFound = 0;
  let tokens = 0;
  let tokensFound = 0;
  const missing: string[] = [];
  for (let row = 1; row < rows; row++) {
    const word = wordOfRow[row];
    // The OOV token's row is initialised like a missing word but is not a word of the coverage.
    if (word === undefined || word === oovToken) continue;
    words++;
    const count = counts?.get(word) ?? 0;
    tokens += count;
    const vector = vectors.vectors.get(word);
    if (vector) {
      if (vector.length !== dim) {
        throw new RangeError(
          `buildEmbeddingMatrix: the vector of ${JSON.stringify(word)} has ${vector.length} values, expected ${dim}`,
        );
      }
      matrix.set(vector, row * dim);
      found[row] = 1;
      wordsFound++;
      tokensFound += count;
    } else if (missing.length < o.missingExamples) {
      missing.push(word);
    }
  }

  const stats = foundStatistics(matrix, found, dim);
  const mean = o.mean ?? stats.mean;
  const std = o.std ?? stats.std;
  fillMissingRows(matrix, found, dim, o.init, mean, std, o.seed);
  return {
    matrix,
    rows,
    dim,
    coverage: {
      words,
      wordsFound,
      tokenShare: counts && tokens > 0 ? tokensFound / tokens : null,
      missingExamples: missing,
    },
    fill: { init: o.init, mean, std },
  };
}

/** Mean and standard deviation of every value of the found rows; with none, 0 and 1/sqrt(dim). */
function foundStatistics(
  matrix: Float32Array,
  found: Uint8Array,
  dim: number,
): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let row = 0; row < found.length; row++) {
    if (!found[row]) continue;
    for (let i = row * dim; i < (row + 1) * dim; i++) {
      const v = matrix[i]!;
      sum += v;
      sumSquares += v * v;
    }
    n += dim;
  }
  if (n === 0) return { mean: 0, std: 1 / Math.sqrt(dim) };
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / n - mean * mean)) };
}

/** Fills every row but 0 that has no vector, in row order, from one seeded generator. */
function fillMissingRows(
  matrix: Float32Array,
  found: Uint8Array,
  dim: number,
  init: 'normal' | 'uniform' | 'uniform01' | 'zeros',
  mean: number,
  std: number,
  seed: number,
): void {
  if (init === 'zeros') return;
  const uniform = mulberry32(seed);
  const normal = standardNormal(uniform);
  // A uniform on [mean - a, mean + a) has standard deviation a / sqrt(3).
  const halfWidth = Math.sqrt(3) * std;
  const draw =
    init === 'uniform01'
      ? uniform
      : init === 'uniform'
        ? () => mean + halfWidth * (2 * uniform() - 1)
        : () => mean + std * normal();
  for (let row = 1; row < found.length; row++) {
    if (found[row]) continue;
    for (let i = row * dim; i < (row + 1) * dim; i++) matrix[i] = draw();
  }
}
