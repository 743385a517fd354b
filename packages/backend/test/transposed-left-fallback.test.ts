// Where WebAssembly SIMD is missing (or the heap cannot be imported), Aᵀ·B falls back to the
// transposed XNNPACK products: in chunks for a long inner dimension, whole otherwise. The same
// answers either way.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { TRANSPOSED_INNER_CHUNK } from '../src/kernels/batch-mat-mul-wasm';
import { transposedLeftSimdOnHeap } from '../src/kernels/transposed-left';
import { expectClose, liveCounts, randomValues, runOn, seededRandom } from './helpers';

jest.mock('../src/kernels/transposed-left', () => ({
  transposedLeftSimdOnHeap: jest.fn(() => null),
}));

const random = seededRandom(13);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerKernelFixes('wasm');
});

it.each([
  { outer: [] as number[], m: 7, k: 2 * TRANSPOSED_INNER_CHUNK + 300, n: 11 },
  { outer: [] as number[], m: 1, k: 3 * TRANSPOSED_INNER_CHUNK, n: 1 },
  { outer: [] as number[], m: 9, k: 40, n: 5 },
  { outer: [3], m: 4, k: 30, n: 6 },
])(
  'Aᵀ·B matches cpu without the SIMD tiles: $outer, m $m, k $k, n $n',
  async ({ outer, m, k, n }) => {
    const a = randomValues(random, Math.max(1, outer[0] ?? 1) * k * m);
    const b = randomValues(random, Math.max(1, outer[0] ?? 1) * k * n);
    const compute = () =>
      tf.matMul(tf.tensor(a, [...outer, k, m]), tf.tensor(b, [...outer, k, n]), true, false);
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 1e-5 * Math.sqrt(k));
    expect(transposedLeftSimdOnHeap).toHaveBeenCalled();
  },
);

it('leaves no tensor or backend data behind', async () => {
  await tf.setBackend('wasm');
  const a = tf.randomNormal([2 * TRANSPOSED_INNER_CHUNK + 5, 6]);
  const b = tf.randomNormal([2 * TRANSPOSED_INNER_CHUNK + 5, 4]);
  const before = liveCounts();
  tf.matMul(a, b, true, false).dispose();
  tf.tidy(() => tf.matMul(a.slice(0, 20), b.slice(0, 20), true, false)).dispose();
  expect(liveCounts()).toEqual(before);
  tf.dispose([a, b]);
});
