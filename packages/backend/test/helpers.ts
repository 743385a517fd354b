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

/** The float32 neighbour of float32 `x` towards `toward` (x itself when they are equal). */
function nextFloat32(x: number, toward: number): number {
  if (x === toward) return x;
  if (x === 0) return toward > 0 ? 2 ** -149 : -(2 ** -149);
  const bits = new Int32Array(new Float32Array([x]).buffer);
  bits[0]! += toward > x === x > 0 ? 1 : -1;
  return new Float32Array(bits.buffer)[0]!;
}

/**
 * a·b + c for float32 a, b and c as a float32 fused multiply-add gives it (rounded once): a·b is
 * exact in a double, their sum rounded to a double lands on a float32 tie only where its rounding
 * error (TwoSum) decides the side. `fused` false: the product rounded to float32 first.
 */
export function multiplyAddFloat32(a: number, b: number, c: number, fused: boolean): number {
  const f = Math.fround;
  if (!fused) return f(f(a * b) + c);
  const p = a * b;
  const s = p + c;
  const bp = s - p;
  const error = p - (s - bp) + (c - bp);
  const r = f(s);
  if (r === s || error === 0) return r;
  const other = nextFloat32(r, s);
  if ((r + other) / 2 !== s) return r;
  // s is halfway between two floats: the exact sum is on the side of its error.
  return error > 0 === other > r ? other : r;
}

/**
 * OUT [rows, n] = A [rows, k] · B [k, n] (or Bᵀ for B [n, k] with `transposeB`) summed as the
 * packed-product tiles promise: each term added in order, in float32, with a multiply and an add
 * (`fused` false, the default) or a fused multiply-add (true).
 */
export function float32Product(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  k: number,
  n: number,
  transposeB = false,
  fused = false,
): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(rows * n);
  for (let i = 0; i < rows; i += 1) {
    for (let c = 0; c < n; c += 1) {
      let sum = 0;
      for (let t = 0; t < k; t += 1) {
        const x = f(a[i * k + t]!);
        const y = f(b[transposeB ? c * k + t : t * n + c]!);
        sum = multiplyAddFloat32(x, y, sum, fused);
      }
      out[i * n + c] = sum;
    }
  }
  return out;
}
