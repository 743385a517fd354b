import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { movesNoValue } from '../src/kernels/shared-identity-wasm';
import { expectClose, randomValues, runOn, seededRandom } from './helpers';

const random = seededRandom(5);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerKernelFixes('wasm');
});

describe('movesNoValue', () => {
  it('is true only when the axes longer than 1 keep their order', () => {
    expect(movesNoValue([30000, 200], [0, 1])).toBe(true);
    expect(movesNoValue([30000, 200], [1, 0])).toBe(false);
    expect(movesNoValue([1, 5, 7], [1, 0, 2])).toBe(true);
    expect(movesNoValue([3, 1, 7], [2, 1, 0])).toBe(false);
    expect(movesNoValue([4, 1, 1], [2, 0, 1])).toBe(true);
    expect(movesNoValue([2, 3], [0])).toBe(false);
  });
});

describe('Identity and Transpose on wasm share memory where no value moves', () => {
  it('tf.clone shares the data, and each tensor outlives the other', async () => {
    await tf.setBackend('wasm');
    const values = randomValues(random, 60);
    const x = tf.tensor2d(values, [12, 5]);
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const records = backend.dataIdMap.numDataIds();
    const copy = tf.clone(x);
    // No new data on the heap: the clone is the same data with one more reference.
    expect(backend.dataIdMap.numDataIds()).toBe(records);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual(Array.from(new Float32Array(values)));
    const again = tf.clone(copy);
    copy.dispose();
    expect(Array.from(again.dataSync())).toEqual(Array.from(new Float32Array(values)));
    again.dispose();
  });

  it('matches the cpu backend for permutations that move values and ones that do not', async () => {
    for (const [shape, perm] of [
      [
        [6, 4],
        [0, 1],
      ],
      [
        [6, 4],
        [1, 0],
      ],
      [
        [1, 5, 3],
        [1, 0, 2],
      ],
      [
        [2, 3, 4],
        [0, 2, 1],
      ],
      [
        [2, 1, 4],
        [2, 1, 0],
      ],
    ] as [number[], number[]][]) {
      const values = randomValues(
        random,
        shape.reduce((a, b) => a * b, 1),
      );
      const compute = () => tf.transpose(tf.tensor(values, shape), perm);
      expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 0);
    }
    await tf.setBackend('wasm');
  });

  it('frees the memory once the last tensor on it is disposed', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([100, 10]);
    const views = [
      tf.clone(x),
      tf.transpose(x, [0, 1]),
      tf.tidy(() => tf.transpose(tf.reshape(x, [1, 100, 10]), [1, 0, 2])),
    ];
    x.dispose();
    tf.dispose(views);
    expect(tf.memory().numTensors).toBe(before);
    // The backend's own record of the data is gone too (no leak on the heap).
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const live = backend.dataIdMap.numDataIds();
    const y = tf.randomNormal([8, 8]);
    const z = tf.clone(y);
    expect(backend.dataIdMap.numDataIds()).toBe(live + 1);
    tf.dispose([y, z]);
    expect(backend.dataIdMap.numDataIds()).toBe(live);
  });

  it('gives the gather gradient (identity transpose inside) the same values as cpu', async () => {
    const table = randomValues(random, 40 * 6);
    const ids = [3, 7, 3, 39, 0];
    const compute = () =>
      tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(ids, 'int32')).square().sum())(
        tf.tensor2d(table, [40, 6]),
      );
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });
});
