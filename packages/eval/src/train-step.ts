import * as tf from '@tensorflow/tfjs';
import type { FusedAdamOptimizer, NamedRowGradient, NamedTensor } from '@srnn/optimizers';
import { captureRowGradients, denseGradient } from '@srnn/row-gradients';
import { clipByGlobalNorm } from './gradient-clipping';
import { countCorrect, sparseCategoricalCrossEntropy } from './loss';
import type { GatheredBatch } from './splits';

/** What one optimisation step reports. */
export interface StepOutcome {
  /** Mean cross-entropy of the batch before the update. */
  readonly loss: number;
  /** Rows whose arg-max prediction matched the label, before the update. */
  readonly correct: number;
  /** Global L2 norm of the gradients before clipping; only when clipping is on. */
  readonly gradientNorm?: number;
}

/** Runs one forward/backward pass and optimizer update on a batch. */
export type TrainStep = (batch: GatheredBatch) => Promise<StepOutcome>;

/** Options of {@link createTrainStep}. */
export interface TrainStepOptions {
  /** Clip the gradients by global norm to this value before the update (off when absent). */
  readonly gradientClipNorm?: number;
  /**
   * With a FusedAdamOptimizer and no clipping, take the gradient of embedding tables looked up
   * through @srnn/row-gradients' gatherRows as rows (default true): the same update to the bit,
   * without making a dense gradient of the whole table each step. False makes it dense.
   */
  readonly rowGradients?: boolean;
}

/**
 * Makes a training step for `model` with `optimizer`: forward in training mode, categorical
 * cross-entropy on the softmax output, gradients of the model's trainable weights, optionally
 * clipped by global norm, one update. Every tensor it makes is disposed before the returned promise
 * resolves.
 */
export function createTrainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  options: TrainStepOptions = {},
): TrainStep {
  const clipNorm = options.gradientClipNorm;
  if (clipNorm !== undefined && !(Number.isFinite(clipNorm) && clipNorm > 0)) {
    throw new Error(`gradientClipNorm must be a finite number > 0, got ${String(clipNorm)}`);
  }
  return async (batch) => {
    // The variables are read on every call because layers may create them lazily on first use.
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const outputs = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.rows, batch.maxLen], 'int32');
      const labels = tf.tensor1d(batch.y, 'int32');
      let correctCount: tf.Scalar | undefined;
      const lossOf = (): tf.Scalar => {
        const probabilities = model.apply(x, { training: true }) as tf.Tensor;
        // keep(): the gradient pass disposes every forward tensor except the loss.
        correctCount = tf.keep(countCorrect(probabilities, labels));
        return sparseCategoricalCrossEntropy(probabilities, labels);
      };
      if (
        clipNorm === undefined &&
        takesRowGradients(optimizer) &&
        options.rowGradients !== false
      ) {
        const loss = stepWithRowGradients(optimizer, lossOf, variables);
        if (correctCount === undefined) throw new Error('the loss function did not run');
        return { loss, correct: correctCount };
      }
      if (clipNorm === undefined) {
        // Exactly the step of a run without clipping: minimize = gradients, then the update.
        const cost = optimizer.minimize(lossOf, true, variables);
        if (cost === null || correctCount === undefined) {
          throw new Error('optimizer.minimize returned no loss');
        }
        return { loss: cost, correct: correctCount };
      }
      const { value, grads } = optimizer.computeGradients(lossOf, variables);
      const clipped = clipByGlobalNorm(grads, clipNorm);
      optimizer.applyGradients(clipped.gradients);
      if (correctCount === undefined) throw new Error('the loss function did not run');
      return { loss: value, correct: correctCount, norm: clipped.globalNorm };
    });
    try {
      const [lossData, correctData, normData] = await Promise.all([
        outputs.loss.data(),
        outputs.correct.data(),
        'norm' in outputs && outputs.norm ? outputs.norm.data() : undefined,
      ]);
      return {
        loss: lossData[0]!,
        correct: correctData[0]!,
        ...(normData ? { gradientNorm: normData[0]! } : {}),
      };
    } finally {
      tf.dispose(outputs);
    }
  };
}

/**
 * Whether `optimizer` updates from row gradients (a FusedAdamOptimizer). Asked of the method, not
 * with instanceof: tf.Optimizer's Symbol.hasInstance takes any optimizer for any subclass.
 */
function takesRowGradients(optimizer: tf.Optimizer): optimizer is FusedAdamOptimizer {
  return typeof (optimizer as Partial<FusedAdamOptimizer>).applyGradientsWithRows === 'function';
}

/**
 * minimize() with the gradients of tables looked up through gatherRows taken as rows: the
 * gradients, then one update listing the variables in the order minimize's would (those with a
 * gradient, in `variables` order), so that moment slots and checkpoints are the same either way.
 */
function stepWithRowGradients(
  optimizer: FusedAdamOptimizer,
  lossOf: () => tf.Scalar,
  variables: tf.Variable[],
): tf.Scalar {
  const capture = captureRowGradients(variables, (anchor) =>
    optimizer.computeGradients(lossOf, [...variables, anchor]),
  );
  try {
    const { value, grads } = capture.result;
    const entries: (NamedTensor | NamedRowGradient)[] = [];
    for (const variable of variables) {
      const rows = capture.rows.get(variable);
      const dense = grads[variable.name];
      if (rows !== undefined && dense !== undefined) {
        // Looked up through gatherRows and used some other way too: one dense gradient.
        const fromRows = tf.reshape(denseGradient(rows, variable.shape[0] ?? 1), variable.shape);
        entries.push({ name: variable.name, tensor: tf.add(dense, fromRows) });
      } else if (rows !== undefined) {
        entries.push({ name: variable.name, rows });
      } else if (dense !== undefined) {
        entries.push({ name: variable.name, tensor: dense });
      }
    }
    optimizer.applyGradientsWithRows(entries);
    tf.dispose(Object.values(grads));
    return value;
  } finally {
    capture.dispose();
  }
}
