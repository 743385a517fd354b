import type * as tf from '@tensorflow/tfjs';
import { PROBABILITY_CLIP } from './loss';
import { accuracyFromConfusion, macroF1FromConfusion, type ConfusionMatrix } from './metrics';
import { outputClasses } from './model-shape';
import { predictBatches, type BatchOptions } from './predict';
import { assertValidSplit, type EncodedSplit } from './splits';

/** Metrics of a classifier on one split. */
export interface Evaluation {
  /** Rows evaluated. */
  readonly count: number;
  /** Fraction of rows whose arg-max prediction equals the label. */
  readonly accuracy: number;
  /** Unweighted mean of per-class F1. */
  readonly macroF1: number;
  /** Mean categorical cross-entropy (probabilities clipped as in training). */
  readonly loss: number;
  /** `confusion[true][predicted]` counts. */
  readonly confusion: ConfusionMatrix;
}

/** Index of the largest of `length` values starting at `offset` (first one on ties). */
function argMax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}

/**
 * Evaluates a classifier on a split in batches: accuracy, macro-F1, loss and confusion matrix.
 * Ties between classes go to the lowest class index, as tf.argMax does.
 */
export async function evaluateClassifier(
  model: tf.LayersModel,
  split: EncodedSplit,
  options?: BatchOptions,
): Promise<Evaluation> {
  const classes = outputClasses(model);
  assertValidSplit('split', split, classes);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  for await (const batch of predictBatches(model, split, options)) {
    for (let r = 0; r < batch.rows; r++) {
      const label = split.y[batch.start + r]!;
      const predicted = argMax(batch.probabilities, r * classes, classes);
      confusion[label]![predicted]! += 1;
      const p = Math.min(
        1 - PROBABILITY_CLIP,
        Math.max(PROBABILITY_CLIP, batch.probabilities[r * classes + label]!),
      );
      lossSum -= Math.log(p);
    }
  }
  const count = split.shape[0];
  return {
    count,
    accuracy: accuracyFromConfusion(confusion),
    macroF1: macroF1FromConfusion(confusion),
    loss: lossSum / count,
    confusion,
  };
}
