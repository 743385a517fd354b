import * as tf from '@tensorflow/tfjs';
import { SlicedRNN, type LevelCell } from '@srnn/model';

// Reference: the level encoders called on ONE subsequence at a time, last states fed upward by hand.
function loopReference(layer: SlicedRNN, inputs: tf.Tensor3D): number[][] {
  const [batch, , features] = inputs.shape;
  const encoders = layer.levelEncoders;
  const rows: number[][] = [];
  for (let b = 0; b < batch; b += 1) {
    // Level 0: every minimal subsequence of this row, in order.
    let states: tf.Tensor[] = [];
    const count0 = layer.paddedLength / layer.minimalLength;
    for (let j = 0; j < count0; j += 1) {
      const subsequence = tf.slice(
        inputs,
        [b, j * layer.minimalLength, 0],
        [1, layer.minimalLength, features],
      );
      states.push(encoders[0]!.apply(subsequence) as tf.Tensor);
    }
    // Level p: groups of n_p consecutive states become one sequence.
    layer.slices.forEach((n, index) => {
      const next: tf.Tensor[] = [];
      for (let start = 0; start < states.length; start += n) {
        const sequence = tf.stack(states.slice(start, start + n), 1); // [1, n, units]
        next.push(encoders[index + 1]!.apply(sequence) as tf.Tensor);
      }
      states = next;
    });
    expect(states).toHaveLength(1);
    rows.push(Array.from(states[0]!.dataSync()));
  }
  return rows;
}

const gru = (units: number, seed: number, extra: Record<string, unknown> = {}): LevelCell => ({
  cell: 'gru',
  options: { units, seed, ...extra },
});

describe('SlicedRNN equals a loop over subsequences one by one', () => {
  const cases: Array<{
    label: string;
    slices: number[];
    minimalLength: number;
    levels: LevelCell[];
  }> = [
    {
      label: 'SRNN(2,2), l_0 = 2 (the paper figure 2)',
      slices: [2, 2],
      minimalLength: 2,
      levels: [gru(3, 1), gru(3, 2), gru(3, 3)],
    },
    {
      label: 'per-level n [3, 2], l_0 = 3',
      slices: [3, 2],
      minimalLength: 3,
      levels: [gru(2, 4), gru(4, 5), gru(3, 6)],
    },
    {
      label: 'SRNN(4,1), l_0 = 1, tanh on top',
      slices: [4],
      minimalLength: 1,
      levels: [gru(3, 7), gru(2, 8, { activation: 'tanh' })],
    },
  ];
  for (const { label, slices, minimalLength, levels } of cases) {
    it(label, () => {
      const layer = new SlicedRNN({ slices, minimalLength, levels });
      const length = slices.reduce((t, n) => t * n, minimalLength);
      const inputs = tf.randomNormal([3, length, 2], 0, 1, 'float32', 21) as tf.Tensor3D;
      const output = layer.apply(inputs) as tf.Tensor;
      expect(output.shape).toEqual([3, levels[levels.length - 1]!.options.units]);
      const expected = tf.tidy(() => loopReference(layer, inputs));
      const actual = output.arraySync() as number[][];
      actual.forEach((row, b) =>
        row.forEach((value, u) => expect(Math.abs(value - expected[b]![u]!)).toBeLessThan(1e-5)),
      );
      // Each level has its own weights.
      expect(new Set(layer.trainableWeights.map((w) => w.originalName)).size).toBe(
        3 * levels.length,
      );
      tf.dispose([inputs, output]);
      layer.dispose();
    });
  }
});

describe('SlicedRNN with k = 0', () => {
  it('equals tfjs-layers GRU over the whole sequence with the same weights', () => {
    const layer = new SlicedRNN({ slices: [], minimalLength: 6, levels: [gru(4, 3)] });
    const inputs = tf.randomNormal([2, 6, 3], 0, 1, 'float32', 5) as tf.Tensor3D;
    const output = layer.apply(inputs) as tf.Tensor;
    const reference = tf.layers.gru({
      units: 4,
      activation: 'linear',
      recurrentActivation: 'sigmoid',
    });
    reference.apply(inputs);
    reference.setWeights(layer.getWeights());
    const expected = reference.apply(inputs) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(output, expected))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([inputs, output, expected]);
    layer.dispose();
    reference.dispose();
  });
});
