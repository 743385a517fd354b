// Where WebAssembly SIMD is missing (or the heap cannot be imported), the kernels that use the
// SIMD row loops fall back: Sum to the stock kernel, GatherV2 and UnsortedSegmentSum to plain
// loops. The same answers either way.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { rowSimdOnHeap } from '../src/kernels/row-simd';
import { expectClose, liveCounts, randomInts, randomValues, runOn, seededRandom } from './helpers';

jest.mock('../src/kernels/row-simd', () => ({ rowSimdOnHeap: jest.fn(() => null) }));

const random = seededRandom(5);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerKernelFixes('wasm');
});

it('runs without the SIMD loops', async () => {
  await runOn('wasm', () => tf.sum(tf.ones([4, 3]), 0));
  expect(rowSimdOnHeap).toHaveBeenCalled();
});

it.each([
  { shape: [40, 37], axis: 0, keepDims: true },
  { shape: [6, 5, 9], axis: [0, 1], keepDims: false },
  { shape: [0, 6], axis: 0, keepDims: false },
])('Sum over leading axes matches cpu: $shape', async ({ shape, axis, keepDims }) => {
  const x = randomValues(
    random,
    shape.reduce((a, d) => a * d, 1),
  );
  const compute = () => tf.sum(tf.tensor(x, shape), axis, keepDims);
  expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
});

it('UnsortedSegmentSum matches cpu for float32 and int32', async () => {
  for (const dtype of ['float32', 'int32'] as const) {
    const x = randomInts(random, 30 * 37, -100, 100);
    const ids = randomInts(random, 30, -2, 9);
    const compute = () =>
      tf.unsortedSegmentSum(tf.tensor(x, [30, 37], dtype), tf.tensor1d(ids, 'int32'), 7);
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  }
});

it('GatherV2 matches cpu, with batch and outer dimensions', async () => {
  const x = randomValues(random, 3 * 2 * 10 * 37);
  const ids = randomInts(random, 15, 0, 10);
  const compute = () =>
    tf.gather(tf.tensor(x, [3, 2, 10, 37]), tf.tensor(ids, [3, 5], 'int32'), 2, 1);
  expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 0);
});

it('leaves no tensor or backend data behind', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([20, 5]);
  const ids = tf.tensor1d([1, 2, 2, 0, 3, 1, 1, 0, 0, 0, 2, 3, 3, 3, 1, 0, 2, 2, 1, 0], 'int32');
  const before = liveCounts();
  tf.sum(x, 0).dispose();
  tf.unsortedSegmentSum(x, ids, 4).dispose();
  tf.gather(x, ids).dispose();
  expect(liveCounts()).toEqual(before);
  tf.dispose([x, ids]);
});
