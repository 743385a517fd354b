import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { KernelSwap } from '../src/kernel-swap';
import { registerKernelFixes } from '../src';
import { expectClose, liveCounts, randomInts, randomValues, runOn, seededRandom } from './helpers';

// Captured before any fix is registered: the cpu backend's own kernel is the reference.
const cpuSwap = new KernelSwap('cpu');
const random = seededRandom(11);

/** The stock cpu backend's result: the reference every replacement is held to. */
async function onStockCpu<T extends tf.Tensor | tf.Tensor[]>(compute: () => T) {
  cpuSwap.useStock();
  try {
    return await runOn('cpu', compute);
  } finally {
    cpuSwap.useFixes();
  }
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerKernelFixes('wasm');
  registerKernelFixes('cpu');
});

const cases: { name: string; xShape: number[]; idsShape: number[]; numSegments: number }[] = [
  { name: 'rows of a matrix', xShape: [40, 6], idsShape: [40], numSegments: 9 },
  { name: 'a vector', xShape: [25], idsShape: [25], numSegments: 4 },
  { name: 'one segment', xShape: [12, 3], idsShape: [12], numSegments: 1 },
  { name: 'rank-3 values', xShape: [10, 3, 4], idsShape: [10], numSegments: 6 },
  { name: 'rank-2 ids', xShape: [7, 3], idsShape: [7, 3], numSegments: 5 },
  { name: 'empty input', xShape: [0, 3], idsShape: [0], numSegments: 3 },
  // Rows of 37: whole 16-value steps, a 4-value step and single values left over.
  { name: 'rows of 37', xShape: [50, 37], idsShape: [50], numSegments: 11 },
  { name: 'ids repeated many times', xShape: [300, 20], idsShape: [300], numSegments: 3 },
];

describe.each(['wasm', 'cpu'])('UnsortedSegmentSum on %s', (backend) => {
  it.each(cases)(
    'matches the stock cpu kernel: $name',
    async ({ xShape, idsShape, numSegments }) => {
      const size = xShape.reduce((a, d) => a * d, 1);
      const idsSize = idsShape.reduce((a, d) => a * d, 1);
      const x = randomValues(random, size);
      // Ids from -2 to numSegments + 1: some negative and some too large, both skipped.
      const ids = randomInts(random, idsSize, -2, numSegments + 2);
      const compute = () => {
        // Typed as 1-D, but the kernels also accept ids of higher rank (the 'rank-2 ids' case).
        const segmentIds: tf.Tensor = tf.tensor(ids, idsShape, 'int32');
        return tf.unsortedSegmentSum(tf.tensor(x, xShape), segmentIds as tf.Tensor1D, numSegments);
      };
      expectClose(await runOn(backend, compute), await onStockCpu(compute));
    },
  );

  it('sums int32 values exactly and keeps the int32 dtype', async () => {
    const x = randomInts(random, 30 * 4, -1000, 1000);
    const ids = randomInts(random, 30, 0, 7);
    const compute = () =>
      tf.unsortedSegmentSum(tf.tensor(x, [30, 4], 'int32'), tf.tensor1d(ids, 'int32'), 7);
    const ours = await runOn(backend, compute);
    // The stock cpu kernel returns float32 here; the values must still agree exactly.
    expect(ours.dtypes).toEqual(['int32']);
    expect(ours.values).toEqual((await onStockCpu(compute)).values);
  });

  it('sums int32 rows of 21 exactly', async () => {
    const x = randomInts(random, 40 * 21, -1000, 1000);
    const ids = randomInts(random, 40, -1, 9);
    const compute = () =>
      tf.unsortedSegmentSum(tf.tensor(x, [40, 21], 'int32'), tf.tensor1d(ids, 'int32'), 8);
    expect((await runOn(backend, compute)).values).toEqual((await onStockCpu(compute)).values);
  });

  it('sums bool values as float32', async () => {
    const x = randomInts(random, 12 * 5, 0, 2);
    const ids = randomInts(random, 12, 0, 4);
    const compute = () =>
      tf.unsortedSegmentSum(tf.tensor(x, [12, 5], 'bool'), tf.tensor1d(ids, 'int32'), 4);
    const ours = await runOn(backend, compute);
    expect(ours.dtypes).toEqual(['float32']);
    expect(ours.values).toEqual((await onStockCpu(compute)).values);
  });

  it('returns an empty result for zero segments (the stock cpu kernel throws)', async () => {
    const result = await runOn(backend, () =>
      tf.unsortedSegmentSum(tf.ones([3, 2]), tf.tensor1d([0, 1, 0], 'int32'), 0),
    );
    expect(result.shapes).toEqual([[0, 2]]);
  });

  it('gives the gradient of tf.gather (axis 0 and 1) that the stock cpu kernel gives', async () => {
    const table = randomValues(random, 50 * 8);
    const weights = randomValues(random, 30 * 8);
    const indices = randomInts(random, 30, 0, 50);
    const gradient = (axis: number) => () =>
      tf.tidy(() => {
        const t = axis === 0 ? tf.tensor2d(table, [50, 8]) : tf.tensor2d(table, [8, 50]);
        const w = axis === 0 ? tf.tensor2d(weights, [30, 8]) : tf.tensor2d(weights, [8, 30]);
        const idx = tf.tensor1d(indices, 'int32');
        return tf.grad((v: tf.Tensor) => tf.gather(v, idx, axis).mul(w).sum())(t);
      });
    for (const axis of [0, 1]) {
      expectClose(await runOn(backend, gradient(axis)), await onStockCpu(gradient(axis)));
    }
  });

  it('leaves no tensor or backend data behind', async () => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([20, 5]);
    const ids = tf.tensor1d(randomInts(random, 20, 0, 4), 'int32');
    const before = liveCounts();
    tf.unsortedSegmentSum(x, ids, 4).dispose();
    expect(liveCounts()).toEqual(before);
    tf.dispose([x, ids]);
  });
});

it('rejects segment ids that do not match the leading dimension of x, naming both shapes', async () => {
  await tf.setBackend('wasm');
  expect(() => tf.unsortedSegmentSum(tf.ones([4, 2]), tf.tensor1d([0, 1, 2], 'int32'), 3)).toThrow(
    "segmentIds shape [3] must be a leading part of x's shape [4,2]",
  );
});
