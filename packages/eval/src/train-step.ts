import * as tf from '@tensorflow/tfjs';
import { countCorrect, sparseCategoricalCrossEntropy } from './loss';
import type { GatheredBatch } from './splits';

/** What one optimisation step reports. */
export interface StepOutcome {
  /** Mean cross-entropy of the batch before the update. */
  readonly loss: number;
  /** Rows whose arg-max prediction matched the label, before the update. */
  readonly correct: number;
}

/** Runs one forward/backward pass and optimizer update on a batch. */
export type TrainStep = (batch: GatheredBatch) => Promise<StepOutcome>;

/**
 * Makes a training step for `model` with `optimizer`: forward in training mode, categorical
 * cross-entropy on the softmax output, gradients of the model's trainable weights, one update.
 * Every tensor it makes is disposed before the returned promise resolves.
 */
export function createTrainStep(model: tf.LayersModel, optimizer: tf.Optimizer): TrainStep {
  return async (batch) => {
    // The variables are read on every call because layers may create them lazily on first use.
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { loss, correct } = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.rows, batch.maxLen], 'int32');
      const labels = tf.tensor1d(batch.y, 'int32');
      let correctCount: tf.Scalar | undefined;
      const cost = optimizer.minimize(
        () => {
          const probabilities = model.apply(x, { training: true }) as tf.Tensor;
          // keep(): the gradient pass disposes every forward tensor except the loss.
          correctCount = tf.keep(countCorrect(probabilities, labels));
          return sparseCategoricalCrossEntropy(probabilities, labels);
        },
        true,
        variables,
      );
      if (cost === null || correctCount === undefined) {
        throw new Error('optimizer.minimize returned no loss');
      }
      return { loss: cost, correct: correctCount };
    });
    try {
      const [lossData, correctData] = await Promise.all([loss.data(), correct.data()]);
      return { loss: lossData[0]!, correct: correctData[0]! };
    } finally {
      tf.dispose([loss, correct]);
    }
  };
}
