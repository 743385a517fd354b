import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import type { WasmBackendInternals } from '../src/internals';
import { TRANSPOSED_INNER_CHUNK } from '../src/kernels/batch-mat-mul-wasm';
import { transposedLeftSimdOnHeap } from '../src/kernels/transposed-left';
import { expectClose, liveCounts, randomValues, runOn, seededRandom } from './helpers';

const random = seededRandom(31);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(registerKernelFixes('wasm')).toContain('BatchMatMul');
});

/** Shapes of a and b for outer dimensions, m x k times k x n, with the transposes applied. */
function operands(
  outerA: number[],
  outerB: number[],
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
) {
  const aShape = [...outerA, ...(tA ? [k, m] : [m, k])];
  const bShape = [...outerB, ...(tB ? [n, k] : [k, n])];
  const size = (s: number[]) => s.reduce((x, d) => x * d, 1);
  return {
    aShape,
    bShape,
    a: randomValues(random, size(aShape)),
    b: randomValues(random, size(bShape)),
  };
}

const batchings: { name: string; outerA: number[]; outerB: number[] }[] = [
  { name: 'plain matrices', outerA: [], outerB: [] },
  { name: 'batch against one matrix', outerA: [4], outerB: [] },
  { name: 'batch against a batch of one', outerA: [3], outerB: [1] },
  { name: 'one matrix against a batch', outerA: [], outerB: [3] },
  { name: 'equal batches', outerA: [3], outerB: [3] },
  { name: 'equal rank-2 batches', outerA: [2, 3], outerB: [2, 3] },
  { name: 'broadcast [2,1] against [1,3] (stock path)', outerA: [2, 1], outerB: [1, 3] },
];

describe('BatchMatMul on wasm', () => {
  const flags = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;

  it.each(batchings)(
    'matches cpu for every transpose combination: $name',
    async ({ outerA, outerB }) => {
      for (const [tA, tB] of flags) {
        const { aShape, bShape, a, b } = operands(outerA, outerB, 5, 7, 6, tA, tB);
        const compute = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), tA, tB);
        expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
      }
    },
  );

  it('matches cpu at sizes that span several of the stock kernel blocks', async () => {
    const { aShape, bShape, a, b } = operands([2], [], 70, 100, 50, true, false);
    const compute = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), true, false);
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
  });

  it('returns zeros for an empty inner dimension (the stock kernel returns stale memory)', async () => {
    const compute = () => tf.matMul(tf.ones([2, 0]), tf.ones([0, 3]));
    const ours = await runOn('wasm', compute);
    expect(ours.values).toEqual([[0, 0, 0, 0, 0, 0]]);
    expectClose(ours, await runOn('cpu', compute));
  });

  it('handles a dimension of size one and an empty batch', async () => {
    for (const [outerA, m, k, n] of [
      [[3], 1, 4, 1],
      [[0], 2, 3, 4],
    ] as const) {
      const { aShape, bShape, a, b } = operands([...outerA], [...outerA], m, k, n, true, true);
      const compute = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), true, true);
      expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
    }
  });

  it('keeps a right operand transposed in place apart from the same operand in its own shape', async () => {
    // b [2, 1] times dy [3, 1] as dy·bᵀ (a transpose that moves no value), then x·b: the second
    // product must not reuse the first one's packing of b (attention's scores u·c, and their
    // gradient dscores·cᵀ, are such a pair).
    const b = [0.5, -1];
    const dy = [1, 2, 3];
    const x = [1, 2, 3, 4, 5, 6];
    const compute = () => {
      const right = tf.tensor2d(b, [2, 1]);
      const outer = tf.matMul(tf.tensor2d(dy, [3, 1]), right, false, true);
      const inner = tf.matMul(tf.tensor2d(x, [3, 2]), right);
      const again = tf.matMul(tf.tensor2d(dy, [3, 1]), right, false, true);
      return [outer, inner, again];
    };
    const ours = await runOn('wasm', compute);
    // By hand: dy·bᵀ = [[0.5, -1], [1, -2], [1.5, -3]]; x·b = [0.5 - 2, 1.5 - 4, 2.5 - 6].
    expect(ours.values).toEqual([
      [0.5, -1, 1, -2, 1.5, -3],
      [-1.5, -2.5, -3.5],
      [0.5, -1, 1, -2, 1.5, -3],
    ]);
    expectClose(ours, await runOn('cpu', compute));
  });

  it('gives the same gradients as cpu (the gradients use both transposes)', async () => {
    for (const [tA, tB] of flags) {
      const { aShape, bShape, a, b } = operands([3], [3], 4, 6, 5, tA, tB);
      const weights = randomValues(random, 3 * 4 * 5);
      const compute = () =>
        tf.tidy(() =>
          tf.grads((x: tf.Tensor, y: tf.Tensor) =>
            tf
              .matMul(x, y, tA, tB)
              .mul(tf.tensor(weights, [3, 4, 5]))
              .sum(),
          )([tf.tensor(a, aShape), tf.tensor(b, bShape)]),
        );
      expectClose(await runOn('wasm', compute), await runOn('cpu', compute));
    }
  });

  it('gives the same gradients as cpu for a dense layer (dW = xᵀ·dy), with a long inner dimension', async () => {
    // The weight gradient is Aᵀ·B over all rows: 300 rows go in one pass, 2,100 through the split.
    for (const [rows, inputs, units] of [
      [300, 7, 13],
      [2 * TRANSPOSED_INNER_CHUNK + 52, 9, 5],
    ] as const) {
      const x = randomValues(random, rows * inputs);
      const w = randomValues(random, inputs * units);
      const weights = randomValues(random, rows * units);
      const compute = () =>
        tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf
              .matMul(a, b)
              .mul(tf.tensor(weights, [rows, units]))
              .sum(),
          )([tf.tensor(x, [rows, inputs]), tf.tensor(w, [inputs, units])]),
        );
      expectClose(
        await runOn('wasm', compute),
        await runOn('cpu', compute),
        1e-5 * Math.sqrt(rows),
      );
    }
  });

  it('names both shapes when the inner dimensions differ', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.matMul(tf.ones([2, 3, 4]), tf.ones([2, 5, 4]), false, false)).toThrow(/inner/i);
  });

  it('leaves no tensor or backend data behind, on every path', async () => {
    await tf.setBackend('wasm');
    const long = 2 * TRANSPOSED_INNER_CHUNK + 1;
    const inputs = [
      tf.randomNormal([3, 4, 5]),
      tf.randomNormal([3, 5, 6]),
      tf.randomNormal([5, 6]),
      tf.randomNormal([long, 6]),
      tf.randomNormal([long, 7]),
    ];
    const [a3, b3, b2, longA, longB] = inputs as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const before = liveCounts();
    tf.matMul(a3, b3).dispose();
    tf.matMul(a3, b2).dispose();
    tf.matMul(b3, b3, true, false).dispose();
    tf.matMul(longA, longB, true, false).dispose();
    const b3t = b3.transpose([0, 2, 1]);
    const afterTranspose = liveCounts();
    tf.matMul(a3, b3t, false, true).dispose();
    expect(liveCounts()).toEqual(afterTranspose);
    b3t.dispose();
    tf.matMul(b3, a3, true, true).dispose();
    expect(liveCounts()).toEqual(before);
    tf.dispose(inputs);
  });
});

describe('Aᵀ·B on wasm (SIMD tiles reading both operands in place)', () => {
  it('runs the SIMD tiles on this runtime', async () => {
    await tf.setBackend('wasm');
    expect(
      transposedLeftSimdOnHeap(tf.backend() as unknown as WasmBackendInternals),
    ).not.toBeNull();
  });

  // [outer A, outer B, m, k, n]: m and n off the 4 × 8 tile, sizes of 1, one row, rows across
  // the 128-row blocks, and inner dimensions long enough for the shared path (> 2,048 rows).
  const shapes: [number[], number[], number, number, number][] = [
    [[], [], 7, 13, 11],
    [[], [], 1, 20, 1],
    [[], [], 1, 9, 17],
    [[], [], 6, 5, 1],
    [[], [], 5, 1, 9],
    [[], [], 33, 300, 27],
    [[], [], 200, 129, 150],
    [[], [], 3, 2 * TRANSPOSED_INNER_CHUNK + 1, 10],
    [[], [], 13, 4 * TRANSPOSED_INNER_CHUNK + 77, 19],
    [[3], [3], 9, 130, 14],
    [[2, 2], [2, 2], 5, 7, 3],
    [[4], [], 6, 40, 10],
    [[], [3], 10, 40, 6],
    [[1], [3], 2, 3, 1],
  ];

  it.each(shapes)('matches cpu: A %j, B %j, m %i, k %i, n %i', async (outerA, outerB, m, k, n) => {
    const { aShape, bShape, a, b } = operands(outerA, outerB, m, k, n, true, false);
    const compute = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), true, false);
    // Sums of k float32 products: the tolerance grows with the square root of k.
    expectClose(await runOn('wasm', compute), await runOn('cpu', compute), 1e-5 * Math.sqrt(k));
  });

  it('returns zeros for zero rows', async () => {
    const compute = () => tf.matMul(tf.ones([0, 3]), tf.ones([0, 5]), true, false);
    const ours = await runOn('wasm', compute);
    expect(ours.shapes).toEqual([[3, 5]]);
    expect(ours.values).toEqual([new Array<number>(15).fill(0)]);
  });
});
