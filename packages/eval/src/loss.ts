import * as tf from '@tensorflow/tfjs';

/**
 * Probabilities are clipped to [CLIP, 1 - CLIP] before the logarithm, as Keras's categorical
 * cross-entropy does (its backend epsilon is 1e-7), so a confident wrong answer gives a large
 * finite loss instead of Infinity.
 */
export const PROBABILITY_CLIP = 1e-7;

/**
 * Mean categorical cross-entropy of softmax outputs against integer labels: the same value as
 * Keras's categorical_crossentropy on one-hot targets, without building the one-hot matrix twice.
 * @param probabilities [batch, classes] softmax outputs.
 * @param labels [batch] int32 class indices.
 */
export function sparseCategoricalCrossEntropy(
  probabilities: tf.Tensor,
  labels: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const classes = probabilities.shape[probabilities.shape.length - 1]!;
    const clipped = tf.clipByValue(probabilities, PROBABILITY_CLIP, 1 - PROBABILITY_CLIP);
    const picked = tf.sum(tf.mul(clipped, tf.oneHot(labels, classes)), -1);
    return tf.neg(tf.mean(tf.log(picked))) as tf.Scalar;
  });
}

/** How many rows' arg-max equals the label, as an int32 scalar. */
export function countCorrect(probabilities: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(
    () => tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), labels), 'int32')) as tf.Scalar,
  );
}
