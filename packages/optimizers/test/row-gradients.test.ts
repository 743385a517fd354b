// applyGradientsWithRows against applyGradients with the dense gradient the rows make: the same
// values and moments to the bit, every row included, over several steps.
import * as tf from '@tensorflow/tfjs';
import { fusedAdam, type FusedAdamOptimizer } from '@srnn/optimizers';
import { denseGradient, type RowGradient } from '@srnn/row-gradients';
import { BACKENDS, randomArray, seededRandom, useBackend } from './helpers';

const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array(t.dataSync().slice().buffer));

/** `count` distinct ids of `rows`, in no particular order. */
function someIds(random: () => number, rows: number, count: number): Int32Array {
  const all = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return Int32Array.from(all.slice(0, count));
}

/** Row gradients with some exact zeros and negative zeros among random values. */
function rowGradient(random: () => number, ids: Int32Array, width: number): RowGradient {
  const values = randomArray(random, ids.length * width, 0.3).map((v, i) =>
    i % 11 === 0 ? -0 : i % 7 === 0 ? 0 : v,
  );
  return { ids, values: tf.tensor2d(values, [ids.length, width]) };
}

interface Run {
  table: tf.Variable;
  bias: tf.Variable;
  optimizer: FusedAdamOptimizer;
}

function makeRun(rows: number, width: number, tag: string, lazy = false): Run {
  const random = seededRandom(3);
  return {
    table: tf.variable(
      tf.tensor2d(randomArray(random, rows * width, 0.1), [rows, width]),
      true,
      `${tag}/table`,
    ),
    bias: tf.variable(tf.tensor1d(randomArray(random, width)), true, `${tag}/bias`),
    optimizer: fusedAdam(0.01, 0.9, 0.999, 1e-8, { lazy }),
  };
}

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  // Rows of 6 floats (not a multiple of 4: the SIMD loop leaves tails) and of 8.
  it.each([
    [37, 6],
    [40, 8],
  ])('gives the dense update to the bit, table %i x %i', (rows, width) => {
    const withRows = makeRun(rows, width, `rows-${backend}-${rows}`);
    const dense = makeRun(rows, width, `dense-${backend}-${rows}`);
    const random = seededRandom(17);
    // Steps with few rows, none, all of them, and the first and last rows.
    const counts = [5, 0, rows, 1, 12];
    counts.forEach((count, step) => {
      const ids =
        step === 3
          ? Int32Array.of(rows - 1)
          : step === 4
            ? Int32Array.of(0, ...someIds(random, rows, count).filter((i) => i !== 0)).slice(
                0,
                count,
              )
            : someIds(random, rows, count);
      const rowsGradient = rowGradient(random, ids, width);
      const biasGradient = tf.tensor1d(randomArray(random, width));
      withRows.optimizer.applyGradientsWithRows([
        { name: withRows.table.name, rows: rowsGradient },
        { name: withRows.bias.name, tensor: biasGradient },
      ]);
      dense.optimizer.applyGradients([
        { name: dense.table.name, tensor: denseGradient(rowsGradient, rows) },
        { name: dense.bias.name, tensor: biasGradient },
      ]);
    });
    expect(bits(withRows.table)).toEqual(bits(dense.table));
    expect(bits(withRows.bias)).toEqual(bits(dense.bias));
    // The rows no gradient ever reached moved too (the dense update touches every row).
    const initial = makeRun(rows, width, `initial-${backend}-${rows}`);
    expect(bits(withRows.table)).not.toEqual(bits(initial.table));
    const momentsOf = async (run: Run) =>
      (await run.optimizer.getWeights()).map((w) => bits(w.tensor));
    return Promise.all([momentsOf(withRows), momentsOf(dense)]).then(([a, b]) => {
      expect(a).toEqual(b);
      for (const run of [withRows, dense, initial]) {
        run.optimizer.dispose();
        run.table.dispose();
        run.bias.dispose();
      }
    });
  });

  it('follows LazyAdam (given rows only) through the dense gradient', () => {
    const withRows = makeRun(20, 4, `lazy-rows-${backend}`, true);
    const dense = makeRun(20, 4, `lazy-dense-${backend}`, true);
    const random = seededRandom(5);
    for (let step = 0; step < 3; step += 1) {
      const rowsGradient = rowGradient(random, someIds(random, 20, 6), 4);
      withRows.optimizer.applyGradientsWithRows([
        { name: withRows.table.name, rows: rowsGradient },
      ]);
      dense.optimizer.applyGradients([
        { name: dense.table.name, tensor: denseGradient(rowsGradient, 20) },
      ]);
    }
    expect(bits(withRows.table)).toEqual(bits(dense.table));
  });

  it('refuses repeated ids, ids outside the table and rows of the wrong width', () => {
    const run = makeRun(10, 4, `refuse-${backend}`);
    const step = (ids: number[], width = 4) =>
      run.optimizer.applyGradientsWithRows([
        {
          name: run.table.name,
          rows: { ids: Int32Array.from(ids), values: tf.zeros([ids.length, width]) as tf.Tensor2D },
        },
      ]);
    expect(() => step([3, 1, 3])).toThrow(/id 3 is given twice|id 3 at position 2/);
    expect(() => step([10])).toThrow(/id 10 at position 0/);
    expect(() => step([1], 3)).toThrow(/\[1,4\]|expected \[1, width\]|shape/);
  });
});
