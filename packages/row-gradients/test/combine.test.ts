// Combining the rows several lookups gave, worked by hand.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { combineRows, denseGradient } from '@srnn/row-gradients';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => undefined });
});

it('adds repeated ids and later lookups into the union of the ids, first seen first', () => {
  const combined = combineRows(
    [
      {
        ids: Int32Array.of(2, 0),
        values: tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
      },
      {
        ids: Int32Array.of(0, 5, 0),
        values: tf.tensor2d([
          [10, 20],
          [7, 8],
          [30, 40],
        ]),
      },
    ],
    6,
  );
  expect(Array.from(combined.ids)).toEqual([2, 0, 5]);
  // Row 0: 3 + (10 + 30) and 4 + (20 + 40); rows 2 and 5 as given.
  expect(combined.values.arraySync()).toEqual([
    [1, 2],
    [43, 64],
    [7, 8],
  ]);
  expect(denseGradient(combined, 6).arraySync()).toEqual([
    [43, 64],
    [0, 0],
    [1, 2],
    [0, 0],
    [0, 0],
    [7, 8],
  ]);
});

it('turns a -0 into +0 where it adds rows up, as a scatter into zeros does', () => {
  const combined = combineRows(
    [{ ids: Int32Array.of(1, 1), values: tf.tensor2d([[-0], [-0]]) }],
    2,
  );
  expect(Object.is(combined.values.dataSync()[0], 0)).toBe(true);
});

it('refuses ids outside the table and values of the wrong shape, naming them', () => {
  expect(() =>
    combineRows([{ ids: Int32Array.of(0, 6), values: tf.zeros([2, 3]) as tf.Tensor2D }], 6),
  ).toThrow('id 6 at position 1 is not a row of a table of 6 rows; ids must be in [0, 6)');
  expect(() =>
    combineRows([{ ids: Int32Array.of(0, 1), values: tf.zeros([3, 3]) as tf.Tensor2D }], 6),
  ).toThrow('values of shape [3, 3] for 2 ids; expected [2, width]');
  expect(() => combineRows([], 6)).toThrow('no contributions');
  expect(() =>
    denseGradient({ ids: Int32Array.of(-1), values: tf.zeros([1, 3]) as tf.Tensor2D }, 6),
  ).toThrow('id -1 at position 0');
});
