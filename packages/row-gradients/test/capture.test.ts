// Lookups whose gradient is captured as rows, against tf.gather's own (dense) gradient of the same
// lookups: the rows scattered back into zeros must be that gradient to the bit.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { captureRowGradients, denseGradient, gatherRows } from '@srnn/row-gradients';

const ROWS = 23;
const WIDTH = 6;

/** Deterministic values in [-1, 1) with some exact zeros and negative zeros. */
function values(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (i % 17 === 0) return -0;
    if (i % 13 === 0) return 0;
    return s / 2 ** 31 - 1;
  });
}

const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array(t.dataSync().slice().buffer));

/**
 * A loss that looks rows of `table` up twice (the second time with a repeated id) and weighs
 * them, so that rows get gradients from both lookups, some of them -0 (a zero weight times a
 * negative value).
 */
function lossOf(table: tf.Variable, look: (t: tf.Tensor, ids: Int32Array) => tf.Tensor) {
  return (): tf.Scalar => {
    const first = look(table, Int32Array.of(4, 0, 19, 7));
    const second = look(table, Int32Array.of(7, 11, 7, 22, 3));
    const w1 = tf.tensor2d(values(4 * WIDTH, 5), [4, WIDTH]);
    const w2 = tf.tensor2d(values(5 * WIDTH, 9), [5, WIDTH]);
    return tf.add(tf.sum(tf.mul(tf.tanh(first), w1)), tf.sum(tf.mul(second, w2))) as tf.Scalar;
  };
}

describe.each(['cpu', 'wasm'] as const)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend, log: () => undefined });
  });

  it('looks up the same rows as tf.gather, and without a capture has the same gradient', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 1), [ROWS, WIDTH]));
    const ids = Int32Array.of(5, 5, 0, 22);
    expect(bits(gatherRows(table, ids))).toEqual(bits(tf.gather(table, tf.tensor1d(ids, 'int32'))));
    const ours = tf.variableGrads(lossOf(table, gatherRows), [table]).grads[table.name]!;
    const stock = tf.variableGrads(
      lossOf(table, (t, i) => tf.gather(t, tf.tensor1d(i, 'int32'))),
      [table],
    ).grads[table.name]!;
    expect(bits(ours)).toEqual(bits(stock));
    table.dispose();
  });

  it('captures the rows whose dense gradient is, to the bit, the one the tape would have made', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 2), [ROWS, WIDTH]));
    const other = tf.variable(tf.tensor1d(values(WIDTH, 3)));
    const withOther = (look: Parameters<typeof lossOf>[1]) => () =>
      tf.add(lossOf(table, look)(), tf.sum(tf.mul(other, other))) as tf.Scalar;
    const expected = tf.variableGrads(
      withOther((t, i) => tf.gather(t, tf.tensor1d(i, 'int32'))),
      [table, other],
    ).grads;
    const capture = captureRowGradients([table], (anchor) =>
      tf.variableGrads(withOther(gatherRows), [table, other, anchor]),
    );
    const { grads } = capture.result;
    // The table gets no dense gradient from the tape; the other variable its usual one.
    expect(grads[table.name]).toBeUndefined();
    expect(bits(grads[other.name]!)).toEqual(bits(expected[other.name]!));
    const rows = capture.rows.get(table)!;
    // The union of both lookups' ids, each once, in the order the gradient pass reached them
    // (the second lookup first).
    expect(Array.from(rows.ids)).toEqual([7, 11, 22, 3, 4, 0, 19]);
    expect(bits(denseGradient(rows, ROWS))).toEqual(bits(expected[table.name]!));
    capture.dispose();
    expect(capture.anchor.isDisposed).toBe(true);
    table.dispose();
    other.dispose();
  });

  it('hands back a single lookup of distinct ids uncombined', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 4), [ROWS, WIDTH]));
    const ids = Int32Array.of(9, 2, 14);
    const weights = tf.tensor2d(values(3 * WIDTH, 6), [3, WIDTH]);
    const capture = captureRowGradients([table], (anchor) =>
      tf.variableGrads(() => tf.sum(tf.mul(gatherRows(table, ids), weights)), [table, anchor]),
    );
    const rows = capture.rows.get(table)!;
    // Uncombined: the lookup's ids (its own copy of them) and its gradient as they came.
    expect(rows.ids).not.toBe(ids);
    expect(Array.from(rows.ids)).toEqual(Array.from(ids));
    // d(sum(rows * w))/d(rows) = w.
    expect(bits(rows.values)).toEqual(bits(weights));
    capture.dispose();
    table.dispose();
  });
});

describe('a capture', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu', log: () => undefined });
  });

  it('leaves tables it was not given, and lookups outside it, to the tape', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 7), [ROWS, WIDTH]));
    const capture = captureRowGradients([], (anchor) =>
      tf.variableGrads(lossOf(table, gatherRows), [table, anchor]),
    );
    expect(capture.rows.size).toBe(0);
    expect(capture.result.grads[table.name]!.shape).toEqual([ROWS, WIDTH]);
    capture.dispose();
    table.dispose();
  });

  it('ends when its function throws, and refuses to nest', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 8), [ROWS, WIDTH]));
    expect(() =>
      captureRowGradients([table], () => {
        expect(() => captureRowGradients([table], () => 0)).toThrow(/do not nest/);
        throw new Error('the step failed');
      }),
    ).toThrow('the step failed');
    // Over: a lookup now gives the table its dense gradient again.
    const { grads } = tf.variableGrads(lossOf(table, gatherRows), [table]);
    expect(grads[table.name]!.shape).toEqual([ROWS, WIDTH]);
    table.dispose();
  });

  it('leaves no tensor behind once disposed', () => {
    const table = tf.variable(tf.tensor2d(values(ROWS * WIDTH, 10), [ROWS, WIDTH]));
    const before = tf.memory().numTensors;
    const capture = captureRowGradients([table], (anchor) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossOf(table, gatherRows), [table, anchor]);
        tf.dispose(Object.values(grads));
        value.dispose();
        return 0;
      }),
    );
    capture.dispose();
    expect(tf.memory().numTensors).toBe(before);
    table.dispose();
  });
});

it('refuses a table that is not 2-D, naming its shape', () => {
  expect(() => gatherRows(tf.zeros([2, 3, 4]), Int32Array.of(0))).toThrow(
    'gatherRows: the table must be 2-D [rows, width], got shape [2, 3, 4]',
  );
});

it('refuses ids outside the table before looking anything up, with a capture or without', () => {
  const table = tf.variable(tf.zeros([4, 2]));
  expect(() => gatherRows(table, Int32Array.of(0, 4))).toThrow(
    'id 4 at position 1 is not a row of a table of 4 rows; ids must be in [0, 4)',
  );
  expect(() =>
    captureRowGradients([table], (anchor) =>
      tf.variableGrads(
        () => tf.sum(gatherRows(table, Int32Array.of(-1))) as tf.Scalar,
        [table, anchor],
      ),
    ),
  ).toThrow('id -1 at position 0');
  table.dispose();
});

it('keeps its own copy of the ids (the caller may reuse its array)', () => {
  const table = tf.variable(tf.ones([5, 2]));
  const ids = Int32Array.of(1, 3);
  const capture = captureRowGradients([table], (anchor) =>
    tf.variableGrads(() => tf.sum(gatherRows(table, ids)) as tf.Scalar, [table, anchor]),
  );
  ids.fill(0);
  expect(Array.from(capture.rows.get(table)!.ids)).toEqual([1, 3]);
  capture.dispose();
  table.dispose();
});
