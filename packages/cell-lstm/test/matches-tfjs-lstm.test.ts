import * as tf from '@tensorflow/tfjs';
import { LstmEncoder, type LstmActivation } from '@srnn/cell-lstm';

describe('LstmEncoder equals tf.layers.lstm with the same weights', () => {
  const cases: Array<[string, LstmActivation, LstmActivation, [number, number, number], number]> = [
    ['tanh, sigmoid', 'tanh', 'sigmoid', [4, 6, 3], 5],
    ['tfjs defaults (tanh, hardSigmoid)', 'tanh', 'hardSigmoid', [3, 5, 2], 4],
    ['one step', 'tanh', 'sigmoid', [2, 1, 4], 3],
  ];
  for (const [label, activation, recurrentActivation, shape, units] of cases) {
    it(label, () => {
      const inputs = tf.randomNormal(shape, 0, 1, 'float32', 3) as tf.Tensor3D;
      const encoder = new LstmEncoder({ units, activation, recurrentActivation, seed: 9 });
      encoder.apply(inputs);
      const [kernel, recurrent] = encoder.getWeights();
      const bias = tf.randomNormal([4 * units], 0, 1, 'float32', 4);
      encoder.setWeights([kernel!, recurrent!, bias]);
      const ours = encoder.apply(inputs) as tf.Tensor;
      const reference = tf.layers.lstm({ units, activation, recurrentActivation });
      reference.apply(inputs);
      reference.setWeights(encoder.getWeights());
      const expected = reference.apply(inputs) as tf.Tensor;
      expect(ours.shape).toEqual([shape[0], units]);
      expect(tf.max(tf.abs(tf.sub(ours, expected))).dataSync()[0]).toBeLessThan(1e-6);
      tf.dispose([inputs, bias, ours, expected]);
      encoder.dispose();
      reference.dispose();
    });
  }
});

describe('LstmEncoder.encode equals tf.layers.lstm in every mode', () => {
  // tf.layers' goBackwards returns its states in reading order; ours are aligned with the input.
  it.each([
    ['forward, every state', 'forward', 'every'],
    ['backward, last state', 'backward', 'last'],
    ['backward, every state', 'backward', 'every'],
  ] as const)('%s', (_, direction, states) => {
    const inputs = tf.randomNormal([3, 5, 2], 0, 1, 'float32', 6) as tf.Tensor3D;
    const encoder = new LstmEncoder({ units: 4, seed: 2 });
    encoder.apply(inputs);
    const reference = tf.layers.lstm({
      units: 4,
      recurrentActivation: 'sigmoid',
      goBackwards: direction === 'backward',
      returnSequences: states === 'every',
    });
    reference.apply(inputs);
    reference.setWeights(encoder.getWeights());
    let expected = reference.apply(inputs) as tf.Tensor;
    if (direction === 'backward' && states === 'every') expected = tf.reverse(expected, 1);
    const ours = encoder.encode(inputs, { direction, states });
    expect(ours.shape).toEqual(expected.shape);
    expect(tf.max(tf.abs(tf.sub(ours, expected))).dataSync()[0]).toBeLessThan(1e-5);
  });
});
