import * as tf from '@tensorflow/tfjs';
import { orthogonalMatrix } from '@srnn/cells/toolkit';

describe('orthogonalMatrix', () => {
  it.each([
    [[4, 12] as [number, number]],
    [[6, 3] as [number, number]],
    [[5, 5] as [number, number]],
  ])('has orthonormal rows or columns for shape %j', (shape) => {
    const q = orthogonalMatrix(shape, 3);
    const [rows, cols] = shape;
    // The smaller side is orthonormal: Q Q^T = I (wide) or Q^T Q = I (tall).
    const gram = rows < cols ? tf.matMul(q, q, false, true) : tf.matMul(q, q, true, false);
    const identity = tf.eye(Math.min(rows, cols));
    expect(tf.max(tf.abs(tf.sub(gram, identity))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([q, gram, identity]);
  });

  it('equals tfjs-layers orthogonal initializer with the same seed', () => {
    const shape: [number, number] = [4, 12];
    const ours = orthogonalMatrix(shape, 7);
    const reference = tf.initializers.orthogonal({ seed: 7 }).apply(shape);
    expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([ours, reference]);
  });
});
