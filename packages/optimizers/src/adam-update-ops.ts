import * as tf from '@tensorflow/tfjs';
import type { AdamStepResult, AdamStepTensors, FusedAdamAttrs } from './fused-adam-kernel';

/**
 * The same Adam step built from tfjs ops, in tfjs AdamOptimizer's order: the path for backends
 * without the fused kernel. Call inside `tf.tidy`.
 */
export function adamStepWithOps(t: AdamStepTensors, c: FusedAdamAttrs): AdamStepResult {
  const { value, gradient, firstMoment, secondMoment } = t;
  const m = tf.add(tf.mul(firstMoment, c.beta1), tf.mul(gradient, c.oneMinusBeta1));
  const v = tf.add(tf.mul(secondMoment, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
  const mHat = tf.div(m, c.oneMinusAccBeta1);
  const vHat = tf.div(v, c.oneMinusAccBeta2);
  const x = tf.add(
    tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), c.epsilon)), c.negLearningRate),
    value,
  );
  if (!c.lazy || value.rank < 2) return [x, m, v];
  // A row is kept when every entry of its gradient is zero.
  const otherAxes = Array.from({ length: value.rank - 1 }, (_, i) => i + 1);
  const rowTouched = tf.any(tf.notEqual(gradient, 0), otherAxes, true);
  const mask = tf.broadcastTo(rowTouched, value.shape);
  return [
    tf.where(mask, x, value),
    tf.where(mask, m, firstMoment),
    tf.where(mask, v, secondMoment),
  ];
}
