import * as tf from '@tensorflow/tfjs';
import { SlicedRNN } from '@srnn/model';

// Central finite differences on a tiny SRNN: each weight entry is nudged by +-h and the change of
// a scalar loss compared with the analytic gradient.
describe('SlicedRNN gradients', () => {
  it('match central finite differences', () => {
    const layer = new SlicedRNN({
      slices: [2],
      minimalLength: 2,
      levels: [
        { cell: 'gru', options: { units: 2, seed: 1, activation: 'tanh' } },
        { cell: 'gru', options: { units: 2, seed: 2 } },
      ],
    });
    const inputs = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 8) as tf.Tensor3D;
    const direction = tf.tensor2d([
      [0.3, -0.7],
      [1.1, 0.4],
    ]);
    layer.apply(inputs);
    // Non-zero biases so that every parameter matters.
    layer.setWeights(
      layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 30 + i)),
    );
    const loss = (): tf.Scalar => tf.sum(tf.mul(layer.apply(inputs) as tf.Tensor, direction));

    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(loss, variables);
    const h = 1e-2;
    let compared = 0;
    for (const variable of variables) {
      const analytic = grads[variable.name]!.dataSync();
      const values = variable.dataSync().slice();
      for (let i = 0; i < values.length; i += 1) {
        const at = (delta: number): number => {
          const nudged = values.slice();
          nudged[i] = values[i]! + delta;
          variable.assign(tf.tensor(nudged, variable.shape));
          return tf.tidy(() => loss().dataSync()[0]!);
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        variable.assign(tf.tensor(values, variable.shape));
        expect(Math.abs(numeric - analytic[i]!)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        compared += 1;
      }
    }
    // Level 0: 3 x (2*2 + 2*2 + 2) = 30, level 1: 30.
    expect(compared).toBe(60);
    layer.dispose();
  });
});
