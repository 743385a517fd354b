// The input projection of embedded rows: each distinct token projected once, against the plain
// gather-then-multiply computed and differentiated by tfjs itself.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import {
  DISTINCT_ROWS_LIMIT,
  distinctIds,
  lookUpRows,
  lookupRecordOf,
  projectRows,
  reshapeRows,
} from '@srnn/cells';

describe('distinctIds', () => {
  it('lists ids in first-seen order and where each row points (worked by hand)', () => {
    const found = distinctIds(Int32Array.from([4, 0, 4, 2, 0, 4]), 5);
    expect(Array.from(found!.distinct)).toEqual([4, 0, 2]);
    expect(Array.from(found!.position)).toEqual([0, 1, 0, 2, 1, 0]);
  });

  it('gives up on an id outside the vocabulary', () => {
    expect(distinctIds(Int32Array.from([1, 5]), 5)).toBeUndefined();
    expect(distinctIds(Int32Array.from([-1]), 5)).toBeUndefined();
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
      () => projectRows(lookUpRows(table, ids), kernel, bias),
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

  it('computes no table gradient for a frozen table (a variable that is not trainable)', async () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const weights = tf.randomNormal([12, WIDTH], 0, 1, 'float32', 4);
    /** Kernel and bias gradients of a step, and the products and scatters it ran. */
    const step = async (project: () => tf.Tensor) => {
      let result: ReturnType<typeof gradients> | undefined;
      const info = await tf.profile(() => {
        result = gradients(project, [kernel, bias], weights);
      });
      const ran = (name: string) => info.kernels.filter((k) => k.name === name).length;
      return { ...result!, products: ran('BatchMatMul'), scatters: ran('UnsortedSegmentSum') };
    };
    const distinct = () => projectRows(lookUpRows(table, ids), kernel, bias);
    const trainable = await step(distinct);
    table.trainable = false;
    const frozen = await step(distinct);
    const plain = await step(() =>
      tf.add(tf.matMul(tf.gather(table, tf.reshape(ids, [-1])), kernel), bias),
    );
    // The same value and kernel and bias gradients, without the table's product and scatter.
    expect(maxDifference(frozen.value, plain.value)).toBeLessThan(1e-4);
    frozen.grads.forEach((g, i) => expect(maxDifference(g, plain.grads[i]!)).toBeLessThan(1e-4));
    expect(trainable.products - frozen.products).toBe(1);
    expect(trainable.scatters - frozen.scatters).toBe(1);
    tf.dispose([table, kernel, bias, ids, weights]);
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
    expect(await productRows(() => projectRows(lookUpRows(table, ids), kernel, bias))).toEqual([3]);
    // 8 distinct tokens in 9 rows, above DISTINCT_ROWS_LIMIT: the plain product of all 9 rows.
    expect(8 / 9).toBeGreaterThan(DISTINCT_ROWS_LIMIT);
    const mostlyDistinct = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 0], 'int32');
    const rows = lookUpRows(table, mostlyDistinct);
    expect(await productRows(() => projectRows(rows, kernel, bias))).toEqual([9]);
    const projected = projectRows(rows, kernel, bias);
    const expected = tf.add(tf.matMul(rows, kernel), bias);
    expect(maxDifference(projected.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    // Rows that did not come from a lookup take the plain product too.
    expect(await productRows(() => projectRows(tf.ones([5, FEATURES]), kernel, bias))).toEqual([5]);
    tf.dispose([table, kernel, bias, ids, mostlyDistinct, rows, projected, expected]);
  });

  it('keeps the record through reshapes that keep the rows, and drops it otherwise', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const rows = lookUpRows(table, ids);
    expect(rows.shape).toEqual([3, 4, FEATURES]);
    expect(Array.from(lookupRecordOf(rows)!.ids)).toEqual(repeated.flat());
    const sequences = reshapeRows(rows, [6, 2, FEATURES]);
    expect(lookupRecordOf(sequences)?.table).toBe(table);
    // Features no longer last: the rows are not the looked-up rows any more.
    const mixed = reshapeRows(rows, [3, 2, 2 * FEATURES]);
    expect(lookupRecordOf(mixed)).toBeUndefined();
    expect(lookupRecordOf(tf.add(rows, 1))).toBeUndefined();
    // A table disposed since the lookup leaves nothing to project from.
    table.dispose();
    expect(lookupRecordOf(rows)).toBeUndefined();
    tf.dispose([kernel, bias, ids, rows, sequences, mixed]);
  });

  it('leaves no tensors behind in a training step', () => {
    const { table, kernel, bias } = fixtures();
    const ids = tf.tensor2d(repeated, [3, 4], 'int32');
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      optimizer.minimize(() => tf.sum(projectRows(lookUpRows(table, ids), kernel, bias)), false, [
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
