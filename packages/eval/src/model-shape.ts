import type * as tf from '@tensorflow/tfjs';

/**
 * Number of classes a classifier predicts: the last dimension of its single output. Throws when
 * the model has several outputs or an unknown output width.
 */
export function outputClasses(model: tf.LayersModel): number {
  if (model.outputs.length !== 1) {
    throw new Error(
      `model must have exactly one output (softmax [batch, classes]), it has ${model.outputs.length}`,
    );
  }
  const shape = model.outputs[0]!.shape;
  const classes = shape[shape.length - 1];
  if (shape.length !== 2 || typeof classes !== 'number' || classes < 1) {
    throw new Error(
      `model output must have shape [batch, classes] with a known class count, got ${JSON.stringify(shape)}`,
    );
  }
  return classes;
}
