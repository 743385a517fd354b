// Mirrors the usage example in README.md, so that the example stays true.
import * as tf from '@tensorflow/tfjs';
import { captureRowGradients, denseGradient, gatherRows } from '@srnn/row-gradients';

it('runs the README example: rows captured, no dense gradient for the table', () => {
  // --- README example starts ---
  const table = tf.variable(tf.randomUniform([1000, 8]));
  const weights = tf.variable(tf.randomUniform([8, 1]));
  const ids = Int32Array.of(3, 17, 3, 999); // repeats are fine
  const loss = () => tf.sum(tf.matMul(gatherRows(table, ids), weights)) as tf.Scalar;

  const capture = captureRowGradients([table], (anchor) =>
    tf.variableGrads(loss, [table, weights, anchor]),
  );
  const { grads } = capture.result; // grads[weights.name]; none for the table
  const rows = capture.rows.get(table)!; // rows.ids = [3, 17, 999] in the order the tape reached them
  const dense = denseGradient(rows, 1000); // what tf.gather's gradient would have been, bit for bit
  // --- README example ends ---

  expect(grads[table.name]).toBeUndefined();
  expect(Array.from(rows.ids)).toEqual([3, 17, 999]);
  const expected = tf.variableGrads(
    () => tf.sum(tf.matMul(tf.gather(table, tf.tensor1d(ids, 'int32')), weights)) as tf.Scalar,
    [table],
  ).grads[table.name]!;
  expect(Array.from(dense.dataSync())).toEqual(Array.from(expected.dataSync()));
  capture.dispose();
});
