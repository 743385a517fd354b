import * as tf from '@tensorflow/tfjs';

/**
 * A random orthogonal matrix of `shape` [rows, cols], as Keras's `orthogonal` initializer makes it
 * (QR of a seeded standard normal matrix, R's diagonal made positive; transposed when rows < cols).
 *
 * For cell authors: tfjs-layers' own initializer runs its QR as many small tensor ops and takes seconds for a
 * 50 x 150 recurrent kernel on the cpu backend; this runs modified Gram-Schmidt in plain arrays.
 */
export function orthogonalMatrix(shape: [number, number], seed?: number): tf.Tensor2D {
  const [rows, cols] = shape;
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  const normal = tf.randomNormal([tall, wide], 0, 1, 'float32', seed);
  const source = normal.dataSync();
  normal.dispose();
  // columns[j] holds column j of the [tall, wide] matrix, in float64 for a stable orthogonalisation.
  const columns = Array.from({ length: wide }, (_, j) =>
    Float64Array.from({ length: tall }, (_, i) => source[i * wide + j] ?? 0),
  );
  for (let j = 0; j < wide; j += 1) {
    const column = columns[j]!;
    for (let previous = 0; previous < j; previous += 1) {
      const basis = columns[previous]!;
      let projection = 0;
      for (let i = 0; i < tall; i += 1) projection += basis[i]! * column[i]!;
      for (let i = 0; i < tall; i += 1) column[i] = column[i]! - projection * basis[i]!;
    }
    let norm = 0;
    for (let i = 0; i < tall; i += 1) norm += column[i]! * column[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i += 1) column[i] = column[i]! / norm;
  }
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < tall; i += 1) {
    for (let j = 0; j < wide; j += 1) {
      const value = columns[j]![i]!;
      // Q is [tall, wide]; when rows < cols the result is its transpose.
      if (rows >= cols) values[i * cols + j] = value;
      else values[j * cols + i] = value;
    }
  }
  return tf.tensor2d(values, shape);
}
