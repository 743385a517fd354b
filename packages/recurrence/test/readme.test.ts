// The README's usage example, run as written (keep the two in step).
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { gruSequenceLastState } from '../src';

test('README usage example', async () => {
  await selectBackend({ backend: 'wasm', log: () => undefined });

  // --- README example start ---
  const [sequences, steps, features, units] = [4, 16, 8, 5];
  const inputs = tf.randomNormal([sequences, steps, features]);
  const kernel = tf.variable(tf.randomNormal([features, 3 * units], 0, 0.3));
  const recurrentKernel = tf.variable(tf.randomNormal<tf.Rank.R2>([units, 3 * units], 0, 0.3));
  const bias = tf.variable(tf.zeros([3 * units]));

  // x·W + b for every step at once: one big matMul, then the recurrence in one kernel call.
  const lastState = (): tf.Tensor2D => {
    const rows = tf.reshape(inputs, [sequences * steps, features]);
    const projection = tf.reshape(tf.add(tf.matMul(rows, kernel), bias), [
      sequences,
      steps,
      3 * units,
    ]) as tf.Tensor3D;
    return gruSequenceLastState(projection, recurrentKernel, { activation: 'linear' });
  };

  const optimizer = tf.train.adam(0.01);
  const target = tf.ones([sequences, units]);
  const lossBefore = tf.tidy(
    () => tf.losses.meanSquaredError(target, lastState()).dataSync()[0] ?? NaN,
  );
  for (let i = 0; i < 20; i += 1) {
    optimizer.minimize(() => tf.losses.meanSquaredError(target, lastState()) as tf.Scalar);
  }
  const lossAfter = tf.tidy(
    () => tf.losses.meanSquaredError(target, lastState()).dataSync()[0] ?? NaN,
  );
  console.log(`loss ${lossBefore.toFixed(3)} -> ${lossAfter.toFixed(3)}`);
  // --- README example end ---

  expect(lossAfter).toBeLessThan(lossBefore);
  tf.dispose([inputs, kernel, recurrentKernel, bias, target]);
  optimizer.dispose();
});
