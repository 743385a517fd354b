import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { expectClose, liveCounts, randomInts, randomValues, runOn, seededRandom } from './helpers';

const random = seededRandom(23);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(registerKernelFixes('wasm')).toEqual(expect.arrayContaining(['Slice', 'Unpack']));
});

function randomShape(rank: number, maxDim = 5): number[] {
  return Array.from({ length: rank }, () => 1 + Math.floor(random() * maxDim));
}

describe('Slice on wasm', () => {
  it('matches cpu on random slices of rank 1 to 5, float32, int32 and bool', async () => {
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + (trial % 5);
      const shape = randomShape(rank);
      const begin = shape.map((d) => Math.floor(random() * d));
      // -1 means "to the end", as tf.slice allows.
      const size = shape.map((d, i) =>
        random() < 0.2 ? -1 : Math.floor(random() * (d - (begin[i] as number) + 1)),
      );
      const total = shape.reduce((a, d) => a * d, 1);
      const dtype = (['float32', 'int32', 'bool'] as const)[trial % 3] as
        'float32' | 'int32' | 'bool';
      const values =
        dtype === 'float32'
          ? randomValues(random, total)
          : randomInts(random, total, 0, dtype === 'bool' ? 2 : 100);
      const compute = () => tf.slice(tf.tensor(values, shape, dtype), begin, size);
      expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 0);
    }
  });

  it('returns an empty tensor for an empty slice', async () => {
    const result = await runOn('wasm', () => tf.slice(tf.ones([3, 4]), [1, 2], [0, 2]));
    expect(result.shapes).toEqual([[0, 2]]);
  });

  it('still slices string tensors (left to the stock kernel)', async () => {
    await tf.setBackend('wasm');
    const t = tf.tensor1d(['a', 'b', 'c', 'd'], 'string');
    const s = tf.slice(t, [1], [2]);
    expect(s.arraySync()).toEqual(['b', 'c']);
    tf.dispose([t, s]);
  });

  it('gives the same gradient as cpu', async () => {
    const x = randomValues(random, 4 * 5 * 3);
    const compute = () =>
      tf.tidy(() =>
        tf.grad((v: tf.Tensor) => tf.slice(v, [1, 1, 0], [2, 3, 3]).square().sum())(
          tf.tensor3d(x, [4, 5, 3]),
        ),
      );
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('leaves no tensor or backend data behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([6, 5, 4]);
    const before = liveCounts();
    tf.slice(x, [1, 0, 1], [3, 5, 2]).dispose();
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});

describe('Unpack (tf.unstack) on wasm', () => {
  it('matches cpu along every axis of random tensors of rank 1 to 4', async () => {
    for (let rank = 1; rank <= 4; rank++) {
      const shape = randomShape(rank);
      const values = randomValues(
        random,
        shape.reduce((a, d) => a * d, 1),
      );
      for (let axis = -rank; axis < rank; axis++) {
        const compute = () => tf.unstack(tf.tensor(values, shape), axis);
        expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 0);
      }
    }
  });

  it('unstacks int32 and bool tensors', async () => {
    for (const dtype of ['int32', 'bool'] as const) {
      const values = randomInts(random, 24, 0, 2);
      const compute = () => tf.unstack(tf.tensor(values, [2, 3, 4], dtype), 1);
      const ours = await runOn('wasm', compute);
      expect(ours.dtypes).toEqual([dtype, dtype, dtype]);
      expectClose(ours, await runOn('cpu', compute), 0);
    }
  });

  it('returns no outputs for an empty axis and empty outputs for an empty other axis', async () => {
    expect((await runOn('wasm', () => tf.unstack(tf.zeros([0, 3])))).shapes).toEqual([]);
    expect((await runOn('wasm', () => tf.unstack(tf.zeros([2, 0])))).shapes).toEqual([[0], [0]]);
  });

  it('still unstacks string tensors (left to the stock kernel)', async () => {
    await tf.setBackend('wasm');
    const parts = tf.unstack(
      tf.tensor2d(
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        [2, 2],
        'string',
      ),
      1,
    );
    expect(parts.map((p) => p.arraySync())).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    tf.dispose(parts);
  });

  it('gives the same gradient as cpu', async () => {
    const x = randomValues(random, 3 * 4 * 2);
    const weights = randomValues(random, 4);
    const compute = () =>
      tf.tidy(() =>
        tf.grad((v: tf.Tensor) =>
          tf.addN(
            tf.unstack(v, 1).map((part, i) =>
              part
                .square()
                .mul(weights[i] as number)
                .sum(),
            ),
          ),
        )(tf.tensor3d(x, [3, 4, 2])),
      );
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('leaves no tensor or backend data behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([7, 3, 2]);
    const before = liveCounts();
    tf.dispose(tf.unstack(x, 0));
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
