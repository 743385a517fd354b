import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { expectClose, liveCounts, randomInts, randomValues, runOn, seededRandom } from './helpers';

const random = seededRandom(41);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(registerKernelFixes('wasm')).toContain('GatherV2');
});

describe('GatherV2 (tf.gather) on wasm', () => {
  const cases = [
    { name: 'embedding rows', xShape: [30, 8], idsShape: [12], axis: 0, batchDims: 0 },
    { name: 'a vector', xShape: [30], idsShape: [7], axis: 0, batchDims: 0 },
    { name: 'ids of rank 2', xShape: [20, 4], idsShape: [3, 5], axis: 0, batchDims: 0 },
    { name: 'an inner axis', xShape: [3, 10, 4], idsShape: [6], axis: 1, batchDims: 0 },
    { name: 'the last axis', xShape: [3, 4, 10], idsShape: [6], axis: -1, batchDims: 0 },
    { name: 'one batch dimension', xShape: [3, 10, 4], idsShape: [3, 5], axis: 1, batchDims: 1 },
    { name: 'no ids', xShape: [10, 4], idsShape: [0], axis: 0, batchDims: 0 },
    { name: 'rows of 37', xShape: [60, 37], idsShape: [25], axis: 0, batchDims: 0 },
    {
      name: 'batch and outer dimensions',
      xShape: [3, 2, 10, 4],
      idsShape: [3, 5],
      axis: 2,
      batchDims: 1,
    },
    { name: 'from an empty table', xShape: [10, 0], idsShape: [4], axis: 0, batchDims: 0 },
  ];

  it.each(cases)('matches cpu: $name', async ({ xShape, idsShape, axis, batchDims }) => {
    const size = (s: number[]) => s.reduce((a, d) => a * d, 1);
    const x = randomValues(random, size(xShape));
    const axisSize = xShape[axis < 0 ? axis + xShape.length : axis] as number;
    const ids = randomInts(random, size(idsShape), 0, axisSize);
    const compute = () =>
      tf.gather(tf.tensor(x, xShape), tf.tensor(ids, idsShape, 'int32'), axis, batchDims);
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 0);
  });

  it('gathers int32 and bool tensors', async () => {
    for (const dtype of ['int32', 'bool'] as const) {
      const x = randomInts(random, 40, 0, 2);
      const compute = () =>
        tf.gather(tf.tensor(x, [10, 4], dtype), tf.tensor1d([9, 0, 3, 3], 'int32'));
      const ours = await runOn('wasm', compute);
      expect(ours.dtypes).toEqual([dtype]);
      expectClose(ours, await runOn('cpu', compute), 0);
    }
  });

  it('rejects an index out of range as the stock kernel does', async () => {
    await tf.setBackend('wasm');
    const table = tf.ones([5, 2]);
    expect(() => tf.gather(table, tf.tensor1d([1, 5], 'int32'))).toThrow(
      'GatherV2: the index value 5 is not in [0, 4]',
    );
    expect(() => tf.gather(table, tf.tensor1d([-1], 'int32'))).toThrow('index value -1');
    table.dispose();
  });

  it('gives the same gradient as cpu', async () => {
    const x = randomValues(random, 15 * 6);
    const ids = randomInts(random, 9, 0, 15);
    const compute = () =>
      tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(ids, 'int32')).square().sum())(
        tf.tensor2d(x, [15, 6]),
      );
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('leaves no tensor or backend data behind', async () => {
    await tf.setBackend('wasm');
    const table = tf.randomNormal([10, 3]);
    const ids = tf.tensor1d([1, 2, 2], 'int32');
    const before = liveCounts();
    tf.gather(table, ids).dispose();
    expect(liveCounts()).toEqual(before);
    tf.dispose([table, ids]);
  });
});
