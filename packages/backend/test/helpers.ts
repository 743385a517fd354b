import * as tf from '@tensorflow/tfjs';
import { mulberry32 as seededRandom } from '@srnn/random';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export { seededRandom };

/** Random values in [-1, 1) of the given length. */
export function randomValues(random: () => number, length: number): number[] {
  return Array.from({ length }, () => random() * 2 - 1);
}

/** Random integers in [low, high). */
export function randomInts(
  random: () => number,
  length: number,
  low: number,
  high: number,
): number[] {
  return Array.from({ length }, () => low + Math.floor(random() * (high - low)));
}

/** Runs `compute` on a backend and returns its result as a plain nested array and shape. */
export async function runOn<T extends tf.Tensor | tf.Tensor[]>(
  backend: string,
  compute: () => T,
): Promise<{ values: number[][]; shapes: number[][]; dtypes: string[] }> {
  await tf.setBackend(backend);
  // tidy frees the inputs the computation creates; the result is returned alive.
  const result = tf.tidy(compute);
  const list = Array.isArray(result) ? result : [result];
  const out = {
    values: list.map((t) => Array.from(t.dataSync() as ArrayLike<number>)),
    shapes: list.map((t) => t.shape),
    dtypes: list.map((t) => t.dtype as string),
  };
  list.forEach((t) => t.dispose());
  return out;
}

/** Asserts two runs agree: same shapes, and values within `tolerance` (NaN matches NaN). */
export function expectClose(
  actual: { values: number[][]; shapes: number[][] },
  expected: { values: number[][]; shapes: number[][] },
  tolerance = 1e-5,
): void {
  expect(actual.shapes).toEqual(expected.shapes);
  actual.values.forEach((values, i) => {
    const reference = expected.values[i] as number[];
    expect(values).toHaveLength(reference.length);
    let worst = 0;
    values.forEach((v, j) => {
      const r = reference[j] as number;
      if (Number.isNaN(r) || Number.isNaN(v)) {
        expect(Number.isNaN(v)).toBe(Number.isNaN(r));
        return;
      }
      worst = Math.max(worst, Math.abs(v - r) / Math.max(1, Math.abs(r)));
    });
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
}

/** Tensors and backend data ids alive now, to check a computation leaves none behind. */
export function liveCounts(): { tensors: number; dataIds: number } {
  return { tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() };
}

/**
 * OUT [rows, n] = A [rows, k] · B [k, n] (or Bᵀ for B [n, k] with `transposeB`) summed as the
 * packed-product tiles promise: each term's float32 product added in order, in float32.
 */
export function float32Product(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  k: number,
  n: number,
  transposeB = false,
): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(rows * n);
  for (let i = 0; i < rows; i += 1) {
    for (let c = 0; c < n; c += 1) {
      let sum = 0;
      for (let t = 0; t < k; t += 1) {
        sum = f(sum + f(f(a[i * k + t]!) * f(b[transposeB ? c * k + t : t * n + c]!)));
      }
      out[i * n + c] = sum;
    }
  }
  return out;
}
