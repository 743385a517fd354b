// The input projection of embedded rows: each distinct token projected once, against the plain
// gather-then-multiply computed and differentiated by tfjs itself.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { DISTINCT_ROWS_LIMIT, distinctRows, projectRows } from '@srnn/cells/toolkit';

describe('distinctRows', () => {
  it('lists the first row of each id in first-seen order and where each row points (by hand)', () => {
    const found = distinctRows(Int32Array.from([4, 0, 4, 2, 0, 4]));
    expect(Array.from(found!.first)).toEqual([0, 1, 3]);
    expect(Array.from(found!.position)).toEqual([0, 1, 0, 2, 1, 0]);
  });

  it('gives up on a negative id', () => {
    expect(distinctRows(Int32Array.from([1, -1]))).toBeUndefined();
  });
});

const VOCABULARY = 9;
const FEATURES = 4;
const WIDTH = 6;

function fixtures() {
  const table = tf.variable(
    tf.randomNormal([VOCABULARY, FEATURES], 0, 1, 'float32', 1),
  ) as tf.Variable<tf.Rank.R2>;
  const kernel = tf.variable(
    tf.randomNormal([FEATURES, WIDTH], 0, 1, 'float32', 2),
  ) as tf.Variable<tf.Rank.R2>;
  const bias = tf.variable(tf.randomNormal([WIDTH], 0, 1, 'float32', 3)) as tf.Variable<tf.Rank.R1>;
  return { table, kernel, bias };
}

/** loss = Σ weights · projection, so that every output has its own gradient. */
function gradients(
  project: () => tf.Tensor,
  variables: tf.Variable[],
  weights: tf.Tensor,
): { value: Float32Array; grads: Float32Array[] } {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(project(), weights)), variables);
  const result = {
    value: value.dataSync() as Float32Array,
    grads: variables.map((v) => grads[v.name]!.dataSync() as Float32Array),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** The embedding lookup the model does: table rows for `ids`, `[...ids.shape, features]`. */
const lookUp = (table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor =>
  tf.reshape(tf.gather(table, tf.reshape(ids, [-1])), [...ids.shape, table.shape[1]]);

describe.each(['cpu', 'wasm'])('projectRows on %s', (backend) => {
  beforeAll(async () => {
    // With the project's kernel fixes (the wasm backend lacks UnsortedSegmentSum).
    await selectBackend({ backend: backend as 'cpu' | 'wasm', log: () => undefined });
  });

  // Many repeats: 3 distinct tokens in 12 rows, so the distinct path is taken.
  const repeated = [
    [3, 3, 0, 7],
    [7, 3, 3, 0],
    [0, 0, 7, 3],
  ];

  it('equals gather then matMul, in value and in the gradients of table, kernel and bias', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const weights = tf.randomNormal([12, WIDTH], 0, 1, 'float32', 4);
    const variables = [table, kernel, bias];
    const ours = gradients(
      () => projectRows(lookUp(table, ids), kernel, bias, ids),
      variables,
      weights,
    );
    const plain = gradients(
      () => tf.add(tf.matMul(tf.gather(table, tf.reshape(ids, [-1])), kernel), bias),
      variables,
      weights,
    );
    expect(maxDifference(ours.value, plain.value)).toBeLessThan(1e-4);
    ours.grads.forEach((g, i) => expect(maxDifference(g, plain.grads[i]!)).toBeLessThan(1e-4));
    // Rows of tokens never looked up get no gradient at all.
    const tableGradient = ours.grads[0]!;
    for (const unused of [1, 2, 4, 5, 6, 8]) {
      expect(
        tableGradient.subarray(unused * FEATURES, (unused + 1) * FEATURES).every((x) => x === 0),
      ).toBe(true);
    }
    tf.dispose([table, kernel, bias, ids, weights]);
  });

  it('computes no table gradient when the table is not asked for (a frozen embedding)', async () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const weights = tf.randomNormal([12, WIDTH], 0, 1, 'float32', 4);
    const scatters = async (variables: tf.Variable[]) => {
      const info = await tf.profile(() => {
        gradients(() => projectRows(lookUp(table, ids), kernel, bias, ids), variables, weights);
      });
      return info.kernels.filter((k) => k.name === 'UnsortedSegmentSum').length;
    };
    // The distinct path's scatters (to the distinct rows, to the looked-up rows, to the table)
    // run only on the way to the table.
    expect(await scatters([kernel, bias])).toBe(1);
    expect(await scatters([table, kernel, bias])).toBe(3);
    tf.dispose([table, kernel, bias, ids, weights]);
  });

  it('with the table: the same values and the same bits of every gradient, one row per distinct token scattered', async () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const weights = tf.randomNormal([12, WIDTH], 0, 1, 'float32', 4);
    const variables = [table, kernel, bias];
    const throughRows = () => projectRows(lookUp(table, ids), kernel, bias, ids);
    const fromTable = () => projectRows(lookUp(table, ids), kernel, bias, ids, table);
    const before = gradients(throughRows, variables, weights);
    const after = gradients(fromTable, variables, weights);
    // Each table row's gradient is its distinct row's, plus zeros on the other path: equal bits.
    expect(after.value).toEqual(before.value);
    after.grads.forEach((g, i) => expect(g).toEqual(before.grads[i]));
    // The scatters: rows -> distinct rows (the position gather's gradient), distinct ids ->
    // table; none of every looked-up row (12 rows of FEATURES) back through the lookup.
    const info = await tf.profile(() => {
      gradients(fromTable, variables, weights);
    });
    const scatters = info.kernels
      .filter((k) => k.name === 'UnsortedSegmentSum')
      .map((k) => k.inputShapes[0]);
    expect(scatters).toEqual([
      [12, WIDTH],
      [3, FEATURES],
    ]);
    tf.dispose([table, kernel, bias, ids, weights]);
  });

  it('refuses a table whose rows do not fit the kernel', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const narrow = tf.zeros([VOCABULARY, FEATURES - 1]) as tf.Tensor2D;
    expect(() => projectRows(lookUp(table, ids), kernel, bias, ids, narrow)).toThrow(
      /tokenTable rows have 3 features but the kernel takes 4/,
    );
    tf.dispose([table, kernel, bias, ids, narrow]);
  });

  /** The row counts of the matrix products `project` runs. */
  async function productRows(project: () => tf.Tensor): Promise<number[]> {
    const info = await tf.profile(() => {
      project();
    });
    return info.kernels
      .filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul')
      .map((k) => k.inputShapes[0]![k.inputShapes[0]!.length - 2]!);
  }

  it('multiplies the distinct rows only when few enough are distinct, with equal results', async () => {
    const { table, kernel, bias } = fixtures();
    // 3 distinct tokens in 12 rows: the product has 3 rows.
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    expect(await productRows(() => projectRows(lookUp(table, ids), kernel, bias, ids))).toEqual([
      3,
    ]);
    // 8 distinct tokens in 9 rows, above DISTINCT_ROWS_LIMIT: the plain product of all 9 rows.
    expect(8 / 9).toBeGreaterThan(DISTINCT_ROWS_LIMIT);
    const mostlyDistinct = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 0], 'int32');
    const rows = lookUp(table, mostlyDistinct);
    expect(await productRows(() => projectRows(rows, kernel, bias, mostlyDistinct))).toEqual([9]);
    const projected = projectRows(rows, kernel, bias, mostlyDistinct);
    const expected = tf.add(tf.matMul(rows, kernel), bias);
    expect(maxDifference(projected.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    // Without ids every row is multiplied.
    expect(await productRows(() => projectRows(tf.ones([5, FEATURES]), kernel, bias))).toEqual([5]);
    tf.dispose([table, kernel, bias, ids, mostlyDistinct, rows, projected, expected]);
  });

  it('reads every row from the table for a placeholder [..., 0]: the same bits, on both paths', () => {
    const { table, kernel, bias } = fixtures();
    const variables = [table, kernel, bias];
    // Repeated ids take the distinct path; mostly distinct ones the plain product of every row.
    for (const ids of [
      tf.tensor2d(repeated, [3, 4], 'int32'),
      tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 3], 'int32'),
    ]) {
      const weights = tf.randomNormal([ids.size, WIDTH], 0, 1, 'float32', 5);
      const rows = () => lookUp(table, ids);
      const none = () => tf.zeros([...ids.shape, 0]);
      const looked = gradients(
        () => projectRows(rows(), kernel, bias, ids, table),
        variables,
        weights,
      );
      const read = gradients(
        () => projectRows(none(), kernel, bias, ids, table),
        variables,
        weights,
      );
      expect(read.value).toEqual(looked.value);
      read.grads.forEach((g, i) => expect(g).toEqual(looked.grads[i]));
      tf.dispose([ids, weights]);
    }
    tf.dispose([table, kernel, bias]);
  });

  it('refuses a placeholder without the ids and the table to read the rows from', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const none = tf.zeros([3, 4, 0]);
    const message = /the inputs have no features \(shape \[3, 4, 0\]\) but the kernel takes 4/;
    expect(() => projectRows(none, kernel, bias)).toThrow(message);
    expect(() => projectRows(none, kernel, bias, ids)).toThrow(message);
    expect(() => projectRows(none, kernel, bias, tf.tensor1d([1, 2], 'int32'), table)).toThrow(
      /tokenIds has 2 ids for 12 rows/,
    );
    tf.dispose([table, kernel, bias, ids, none]);
  });

  it('refuses ids that do not label every row', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor1d([1, 2, 3], 'int32');
    expect(() =>
      projectRows(lookUp(table, ids), kernel, bias, tf.tensor1d([1, 2], 'int32')),
    ).toThrow(/tokenIds has 2 ids for 3 rows/);
    tf.dispose([table, kernel, bias, ids]);
  });

  it('leaves no tensors behind in a training step', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      optimizer.minimize(() => tf.sum(projectRows(lookUp(table, ids), kernel, bias, ids)), false, [
        table,
        kernel,
        bias,
      ]);
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([table, kernel, bias, ids]);
    optimizer.dispose();
  });
});
