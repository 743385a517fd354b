import * as tf from '@tensorflow/tfjs';
import { GruEncoder, type GruActivation } from '@srnn/cell-gru';

// The reference: tfjs-layers' own GRU, given the same weights.
function referenceGru(
  inputs: tf.Tensor3D,
  weights: tf.Tensor[],
  activation: GruActivation,
  recurrentActivation: GruActivation,
): tf.Tensor {
  const units = weights[1]!.shape[0]!;
  const gru = tf.layers.gru({ units, activation, recurrentActivation, returnSequences: false });
  gru.apply(inputs); // build
  gru.setWeights(weights);
  const output = gru.apply(inputs) as tf.Tensor;
  gru.dispose();
  return output;
}

describe('GruEncoder equals tf.layers.gru with the same weights', () => {
  const cases: Array<[string, GruActivation, GruActivation, [number, number, number], number]> = [
    ['paper defaults (linear, sigmoid)', 'linear', 'sigmoid', [4, 6, 3], 5],
    ['tfjs defaults (tanh, hardSigmoid)', 'tanh', 'hardSigmoid', [3, 5, 2], 4],
    ['one step', 'linear', 'sigmoid', [2, 1, 4], 3],
  ];
  for (const [label, activation, recurrentActivation, shape, units] of cases) {
    it(label, () => {
      const inputs = tf.randomNormal(shape, 0, 1, 'float32', 3) as tf.Tensor3D;
      const encoder = new GruEncoder({ units, activation, recurrentActivation, seed: 9 });
      encoder.apply(inputs);
      // Non-zero biases, so that the bias layout is checked too.
      const [kernel, recurrent] = encoder.getWeights();
      const bias = tf.randomNormal([3 * units], 0, 1, 'float32', 4);
      encoder.setWeights([kernel!, recurrent!, bias]);
      const ours = encoder.apply(inputs) as tf.Tensor;
      const reference = referenceGru(inputs, encoder.getWeights(), activation, recurrentActivation);
      expect(ours.shape).toEqual([shape[0], units]);
      const difference = tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0];
      expect(difference).toBeLessThan(1e-6);
      tf.dispose([inputs, bias, ours, reference]);
      encoder.dispose();
    });
  }
});

describe('GruEncoder options', () => {
  it('defaults to the paper: linear activation, sigmoid gates', () => {
    const encoder = new GruEncoder({ units: 2 });
    expect(encoder.activation).toBe('linear');
    expect(encoder.recurrentActivation).toBe('sigmoid');
  });

  it('rejects a bad activation, naming the field and the allowed values', () => {
    expect(() => new GruEncoder({ units: 2, activation: 'swish' as never })).toThrow(
      /activation[\s\S]*linear[\s\S]*tanh/,
    );
  });

  it('rejects non-positive units, naming the field', () => {
    expect(() => new GruEncoder({ units: 0 })).toThrow(/units/);
  });
});

describe('GruEncoder.encode equals tf.layers.gru in every mode', () => {
  // tf.layers' goBackwards returns its states in reading order (last input step first); ours are
  // aligned with the input steps, hence the reverse.
  it.each([
    ['forward, every state', 'forward', 'every'],
    ['backward, last state', 'backward', 'last'],
    ['backward, every state', 'backward', 'every'],
  ] as const)('%s', (_, direction, states) => {
    const inputs = tf.randomNormal([3, 5, 2], 0, 1, 'float32', 6) as tf.Tensor3D;
    const encoder = new GruEncoder({ units: 4, activation: 'tanh', seed: 2 });
    encoder.apply(inputs);
    const reference = tf.layers.gru({
      units: 4,
      activation: 'tanh',
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
