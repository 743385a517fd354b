import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { KernelSwap } from '../src/kernel-swap';
import { registerKernelFixes } from '../src';
import { leadingAxesCount } from '../src/kernels/sum-wasm';
import { expectClose, liveCounts, randomInts, randomValues, runOn, seededRandom } from './helpers';

// Captured before any fix is registered: the wasm backend's own Sum, to compare against.
const wasmSwap = new KernelSwap('wasm');
const random = seededRandom(23);

async function onStockWasm<T extends tf.Tensor | tf.Tensor[]>(compute: () => T) {
  wasmSwap.useStock();
  try {
    return await runOn('wasm', compute);
  } finally {
    wasmSwap.useFixes();
  }
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(registerKernelFixes('wasm')).toContain('Sum');
});

const size = (shape: number[]) => shape.reduce((a, d) => a * d, 1);

/**
 * Float32 sums of many terms differ from the cpu backend's (which adds in float64) by rounding
 * that grows with the terms: each output is held to `relative` times the sum of the absolute
 * values of its terms. Losing or repeating one row of 16k would miss this by a factor of 100.
 */
function expectSumsClose(
  actual: number[],
  reference: number[],
  magnitudes: number[],
  relative: number,
): void {
  expect(actual).toHaveLength(reference.length);
  let worst = 0;
  actual.forEach((v, i) => {
    const scale = Math.max(magnitudes[i] as number, Number.MIN_VALUE);
    worst = Math.max(worst, Math.abs(v - (reference[i] as number)) / scale);
  });
  expect(worst).toBeLessThanOrEqual(relative);
}

describe('leadingAxesCount', () => {
  it('accepts axes 0..k-1 in any order, short of all axes', () => {
    expect(leadingAxesCount([0], 2)).toBe(1);
    expect(leadingAxesCount([1, 0], 3)).toBe(2);
    expect(leadingAxesCount([0, 0, 1], 3)).toBe(2);
  });

  it('rejects gaps, trailing axes, all axes and none', () => {
    expect(leadingAxesCount([0, 2], 3)).toBeNull();
    expect(leadingAxesCount([1], 2)).toBeNull();
    expect(leadingAxesCount([0, 1], 2)).toBeNull();
    expect(leadingAxesCount([0], 1)).toBeNull();
    expect(leadingAxesCount([], 2)).toBeNull();
  });
});

describe('Sum (tf.sum) on wasm', () => {
  const cases: { name: string; shape: number[]; axis?: number | number[]; keepDims: boolean }[] = [
    { name: 'axis 0 of a matrix', shape: [40, 7], axis: 0, keepDims: false },
    { name: 'axis 0, keepDims', shape: [40, 37], axis: 0, keepDims: true },
    { name: 'axes [0,1] of 3-D', shape: [6, 5, 9], axis: [0, 1], keepDims: false },
    { name: 'axes [1,0], keepDims', shape: [6, 5, 9], axis: [1, 0], keepDims: true },
    { name: 'negative axes [-3,-2]', shape: [6, 5, 70], axis: [-3, -2], keepDims: true },
    { name: 'axis 0 of 3-D', shape: [6, 5, 9], axis: 0, keepDims: false },
    { name: 'three leading axes of 4-D', shape: [4, 3, 2, 5], axis: [0, 1, 2], keepDims: true },
    { name: 'rows of one value', shape: [33, 1], axis: 0, keepDims: false },
    // Not leading: the stock kernel.
    { name: 'stock: a middle axis', shape: [6, 5, 9], axis: 1, keepDims: true },
    { name: 'stock: trailing axes', shape: [6, 5, 9], axis: [1, 2], keepDims: false },
    { name: 'stock: axes with a gap', shape: [6, 5, 9], axis: [0, 2], keepDims: false },
    { name: 'stock: the last axis', shape: [8, 6], axis: -1, keepDims: true },
    { name: 'stock: all axes', shape: [8, 6], keepDims: false },
    { name: 'stock: a vector', shape: [50], axis: 0, keepDims: false },
    // Empty: no rows sum to zeros; no columns give an empty result.
    { name: 'no rows', shape: [0, 6], axis: 0, keepDims: false },
    { name: 'no rows, 3-D, keepDims', shape: [3, 0, 4], axis: [0, 1], keepDims: true },
    { name: 'no columns', shape: [5, 0], axis: 0, keepDims: true },
  ];

  it.each(cases)('matches cpu: $name', async ({ shape, axis, keepDims }) => {
    const x = randomValues(random, size(shape));
    const compute = () => tf.sum(tf.tensor(x, shape), axis, keepDims);
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('sums 16,384 rows (a bias gradient) as float32 adds row by row', async () => {
    const [rows, inner] = [16384, 37];
    const x = Float32Array.from(randomValues(random, rows * inner));
    const compute = () => tf.sum(tf.tensor2d(x, [rows, inner]), 0);
    const ours = await runOn('wasm', compute);
    // The same float32 additions in the same order, computed here: equal to the bit.
    const rowByRow = new Float32Array(inner);
    const magnitudes = new Array<number>(inner).fill(0);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < inner; k++) {
        const v = x[r * inner + k] as number;
        rowByRow[k] = Math.fround((rowByRow[k] as number) + v);
        magnitudes[k] = (magnitudes[k] as number) + Math.abs(v);
      }
    }
    expect(ours.values[0]).toEqual(Array.from(rowByRow));
    // The stock kernel adds in the same order after its transpose.
    expect(ours.values).toEqual((await onStockWasm(compute)).values);
    // And the cpu backend (float64 accumulation) agrees to float32 rounding.
    const cpu = await runOn('cpu', compute);
    expectSumsClose(ours.values[0] as number[], cpu.values[0] as number[], magnitudes, 1e-6);
  });

  it('matches the stock wasm kernel on [32,512,50] over axes [0,1]', async () => {
    const x = randomValues(random, 32 * 512 * 50);
    const compute = () => tf.sum(tf.tensor3d(x, [32, 512, 50]), [0, 1], true);
    const ours = await runOn('wasm', compute);
    expect(ours.shapes).toEqual([[1, 1, 50]]);
    expect(ours.values).toEqual((await onStockWasm(compute)).values);
  });

  it('gives zeros for empty inputs on any axes, where the stock kernel returns stale memory', async () => {
    const sums: { shape: number[]; axis: number | number[]; dtype: 'float32' | 'int32' }[] = [
      { shape: [0, 6], axis: 0, dtype: 'float32' },
      { shape: [6, 0], axis: 1, dtype: 'float32' },
      { shape: [2, 0, 3], axis: [1, 2], dtype: 'float32' },
      { shape: [6, 0], axis: -1, dtype: 'int32' },
    ];
    // The stock kernel allocates its output and, for an empty input, never writes it: what a
    // freed tensor left there comes back. Leave such values on the heap first.
    const staleThenSum = () =>
      sums.map(({ shape, axis, dtype }) => {
        tf.fill([6], 7, dtype).dispose();
        return tf.sum(tf.zeros(shape, dtype), axis);
      });
    const ours = await runOn('wasm', staleThenSum);
    expect(ours.values).toEqual([
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(ours.dtypes).toEqual(['float32', 'float32', 'float32', 'int32']);
    expect(ours.values).toEqual((await runOn('cpu', staleThenSum)).values);
  });

  it('leaves int32 to the stock kernel (exact sums)', async () => {
    const x = randomInts(random, 20 * 6, -1000, 1000);
    const compute = () => tf.sum(tf.tensor2d(x, [20, 6], 'int32'), 0);
    const ours = await runOn('wasm', compute);
    expect(ours.dtypes).toEqual(['int32']);
    expect(ours.values).toEqual((await runOn('cpu', compute)).values);
  });

  it('gives the bias gradient of a broadcast add that cpu gives', async () => {
    const x = randomValues(random, 64 * 3 * 10);
    const bias = randomValues(random, 10);
    // d/db sum((x + b)^2): the broadcast add's gradient sums over the leading axes [0, 1].
    const compute = () =>
      tf.grad((b: tf.Tensor) =>
        tf
          .add(tf.tensor3d(x, [64, 3, 10]), b)
          .square()
          .sum(),
      )(tf.tensor1d(bias));
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('has the gradient cpu gives', async () => {
    const x = randomValues(random, 12 * 5);
    const w = randomValues(random, 5);
    const compute = () =>
      tf.grad((t: tf.Tensor) =>
        tf
          .sum(t, 0, true)
          .mul(tf.tensor2d(w, [1, 5]))
          .sum(),
      )(tf.tensor2d(x, [12, 5]));
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('leaves no tensor or backend data behind, on its own path and the stock one', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([20, 5, 3]);
    const before = liveCounts();
    tf.sum(x, [0, 1], true).dispose();
    tf.sum(x, 1).dispose();
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
