/**
 * One float32 matrix product timed on our backend, the size of the first level's input
 * projection ([batch x T, embedding] x [embedding, 3 x units]); the peer times the same product in
 * torch.matmul. Arithmetic per thread is what the two sides differ most in, and this shows it.
 */
import * as tf from '@tensorflow/tfjs';
import { median } from '@srnn/eval';

export interface ProductRow {
  who: 'ours' | 'pytorch';
  rows: number;
  inner: number;
  cols: number;
  /** The peer's threads; ours runs on the backend's own threads (see the backend line). */
  threads?: number;
  medianMs: number;
  gflops: number;
  version?: string;
}

/** GFLOP/s of a product: 2 x rows x inner x cols operations. */
export function productGflops(rows: number, inner: number, cols: number, ms: number): number {
  return (2 * rows * inner * cols) / (ms * 1e6);
}

/** Median ms of `repeats` products after one warm-up, reading the result each time. */
export async function timeProduct(
  rows: number,
  inner: number,
  cols: number,
  repeats: number,
): Promise<number> {
  const a = tf.randomUniform([rows, inner], -1, 1, 'float32', 1);
  const b = tf.randomUniform([inner, cols], -1, 1, 'float32', 2);
  try {
    const samples: number[] = [];
    for (let i = 0; i <= repeats; i += 1) {
      const started = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      if (i > 0) samples.push(performance.now() - started);
    }
    return median(samples);
  } finally {
    a.dispose();
    b.dispose();
  }
}
