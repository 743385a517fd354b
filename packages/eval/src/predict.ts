import * as tf from '@tensorflow/tfjs';
import { outputClasses } from './model-shape';
import { assertValidSplit, gatherRange, type EncodedSplit } from './splits';

/** Options for batched inference. */
export interface BatchOptions {
  /**
   * Rows per forward pass (default: passes of about 131,072 tokens and at least 100 rows,
   * {@link defaultEvaluationBatchSize}(100, T)).
   */
  readonly batchSize?: number;
}

/** One batch of predicted probabilities. */
export interface PredictionBatch {
  /** First row of the batch in the split. */
  readonly start: number;
  /** Rows in this batch. */
  readonly rows: number;
  /** Number of classes (row length in `probabilities`). */
  readonly classes: number;
  /** Softmax outputs [rows, classes], row-major. */
  readonly probabilities: Float32Array;
}

/**
 * Tokens a forward pass of evaluation holds by default (rows x T): 512 rows at T = 256, 256 at
 * T = 512. Fewer, larger passes run faster on wasm, and a row's outputs do not depend on the rows
 * beside it, so the results are the same.
 */
export const EVALUATION_TOKENS_PER_PASS = 131_072;

/**
 * The default rows per forward pass when a model trained with `batchSize` evaluates rows of
 * `maxLength` tokens: {@link EVALUATION_TOKENS_PER_PASS} tokens, and never fewer rows than a
 * training batch (which already fit in memory).
 */
export function defaultEvaluationBatchSize(batchSize: number, maxLength: number): number {
  return Math.max(batchSize, Math.floor(EVALUATION_TOKENS_PER_PASS / Math.max(1, maxLength)));
}

/** The rows per pass `options` ask for, or the default for rows of `maxLength` tokens. */
export function resolveBatchSize(options: BatchOptions | undefined, maxLength: number): number {
  const batchSize = options?.batchSize ?? defaultEvaluationBatchSize(100, maxLength);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  return batchSize;
}

/**
 * Yields the model's probabilities batch by batch in the split's row order, so that a large split
 * never has to sit in memory as one tensor. Labels are not read.
 */
export async function* predictBatches(
  model: tf.LayersModel,
  split: EncodedSplit,
  options?: BatchOptions,
): AsyncGenerator<PredictionBatch> {
  assertValidSplit('split', split);
  const batchSize = resolveBatchSize(options, split.shape[1]);
  const classes = outputClasses(model);
  const [n] = split.shape;
  for (let start = 0; start < n; start += batchSize) {
    const batch = gatherRange(split, start, Math.min(n, start + batchSize));
    const output = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.rows, batch.maxLen], 'int32');
      // tf.LayersModel.predict cuts its input into forward passes of 32 rows unless told.
      return model.predict(x, { batchSize: batch.rows }) as tf.Tensor;
    });
    let probabilities: Float32Array;
    try {
      probabilities = (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
    yield { start, rows: batch.rows, classes, probabilities };
  }
}
