// Adam worked by hand in double precision, independent of tfjs's implementation.
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '@srnn/optimizers';
import { BACKENDS, useBackend } from './helpers';

/** Textbook Adam (Kingma and Ba, Algorithm 1) on one number, in double precision. */
function adamByHand(
  x0: number,
  gradients: number[],
  lr: number,
  b1: number,
  b2: number,
  eps: number,
) {
  let x = x0;
  let m = 0;
  let v = 0;
  gradients.forEach((g, index) => {
    const t = index + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - b1 ** t);
    const vHat = v / (1 - b2 ** t);
    x -= (lr * mHat) / (Math.sqrt(vHat) + eps);
  });
  return { x, m, v };
}

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('follows Algorithm 1 of the Adam paper, zero gradients included', async () => {
    const gradients = [0.5, 0, -2, 0, 0, 3];
    // One variable of three elements: each element sees the gradients scaled differently.
    const scales = [1, 1e-3, 10];
    const x = tf.variable(tf.tensor1d([1, -1, 0.25]));
    const optimizer = new FusedAdamOptimizer(0.1, 0.8, 0.99, 1e-6);
    for (const g of gradients) {
      tf.tidy(() => optimizer.applyGradients({ [x.name]: tf.tensor1d(scales.map((s) => s * g)) }));
    }
    const weights = await optimizer.getWeights();
    const [m, v] = [weights[1]!.tensor.dataSync(), weights[2]!.tensor.dataSync()];
    const values = x.dataSync();
    scales.forEach((s, i) => {
      const expected = adamByHand(
        [1, -1, 0.25][i]!,
        gradients.map((g) => s * g),
        0.1,
        0.8,
        0.99,
        1e-6,
      );
      expect(values[i]).toBeCloseTo(expected.x, 5);
      expect(m[i]! / expected.m).toBeCloseTo(1, 5);
      expect(v[i]! / expected.v).toBeCloseTo(1, 5);
    });
    x.dispose();
    optimizer.dispose();
  });

  it('uses epsilon 1e-8 by default: visible when sqrt(v-hat) is tiny', () => {
    // With g = 1e-8 on step 1, m-hat = g and sqrt(v-hat) = g, so the step is lr * g / (g + eps):
    // lr / 2 for eps = 1e-8, against lr / 11 for tf.train.adam's backend epsilon 1e-7.
    const x = tf.variable(tf.scalar(0));
    const optimizer = new FusedAdamOptimizer(1);
    tf.tidy(() => optimizer.applyGradients({ [x.name]: tf.scalar(1e-8) }));
    expect(x.dataSync()[0]).toBeCloseTo(-0.5, 5);
    x.dispose();
    optimizer.dispose();
  });
});
