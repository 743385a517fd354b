import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { mulberry32 } from '@srnn/random';

/** Loads wasm (with the project's kernel fixes) and cpu once, silently. */
export async function loadBackends(): Promise<void> {
  await selectBackend({ backend: 'wasm', log: () => undefined });
  await selectBackend({ backend: 'cpu', log: () => undefined });
}

/** Uniform values in [-scale, scale) from the project's seeded generator (tests must be reproducible). */
export function seededValues(size: number, seed: number, scale = 1): Float32Array {
  const random = mulberry32(seed);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i += 1) values[i] = (random() * 2 - 1) * scale;
  return values;
}

/** A tensor of {@link seededValues}. */
export function seededUniform(shape: number[], seed: number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(seededValues(size, seed, scale), shape);
}

/** Largest absolute difference between two tensors of one shape. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i += 1) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}
