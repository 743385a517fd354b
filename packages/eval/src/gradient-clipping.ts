import * as tf from '@tensorflow/tfjs';

/** Gradients after clipping, with the global norm they had before. */
export interface ClippedGradients {
  readonly gradients: tf.NamedTensorMap;
  /** sqrt of the sum of every gradient element squared, before clipping. */
  readonly globalNorm: tf.Scalar;
}

/**
 * Clipping by global norm, as TensorFlow's clip_by_global_norm: when the L2 norm of all gradients
 * taken together exceeds `clipNorm`, every gradient is multiplied by clipNorm / norm, so their
 * direction is kept; otherwise the factor is exactly 1 and the gradients are unchanged bit for bit.
 * Call inside tf.tidy, or dispose what it returns.
 */
export function clipByGlobalNorm(gradients: tf.NamedTensorMap, clipNorm: number): ClippedGradients {
  return tf.tidy(() => {
    const squares = Object.values(gradients).map((g) => tf.sum(tf.square(g)));
    const globalNorm = tf.sqrt(tf.addN(squares)) as tf.Scalar;
    const factor = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(gradients)) clipped[name] = tf.mul(g, factor);
    return { gradients: clipped, globalNorm };
  });
}
