// Bidirectional levels against references computed another way: at k = 0, tfjs-layers'
// Bidirectional wrapper around a GRU with the same weights; at k >= 1, a plain loop over the
// subsequences one by one, whose backward state is the backward encoder's forward run over the
// reversed subsequence.
import * as tf from '@tensorflow/tfjs';
import { SlicedRNN, type LevelCell, type Merge } from '@srnn/model';

const gru = (units: number, seed: number, extra: Partial<LevelCell> = {}): LevelCell => ({
  cell: 'gru',
  options: { units, seed, activation: 'tanh' },
  ...extra,
});

function merged(forward: tf.Tensor, backward: tf.Tensor, merge: Merge): tf.Tensor {
  if (merge === 'concat') return tf.concat([forward, backward], -1);
  const sum = tf.add(forward, backward);
  return merge === 'sum' ? sum : tf.mul(sum, 0.5);
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('a bidirectional SlicedRNN with k = 0', () => {
  const tfjsMerge = { concat: 'concat', sum: 'sum', average: 'ave' } as const;
  for (const merge of ['concat', 'sum', 'average'] as const) {
    it(`equals tf.layers.bidirectional over the same GRU weights (merge ${merge})`, () => {
      const layer = new SlicedRNN({
        slices: [],
        minimalLength: 5,
        levels: [gru(3, 1, { bidirectional: true, merge })],
      });
      const inputs = tf.randomNormal([4, 5, 2], 0, 1, 'float32', 2) as tf.Tensor3D;
      const output = layer.apply(inputs) as tf.Tensor;
      const reference = tf.layers.bidirectional({
        layer: tf.layers.gru({
          units: 3,
          activation: 'tanh',
          recurrentActivation: 'sigmoid',
        }) as tf.layers.RNN,
        mergeMode: tfjsMerge[merge],
      });
      reference.apply(inputs);
      // Both keep [forward kernel, recurrent kernel, bias, backward kernel, recurrent kernel, bias].
      reference.setWeights(layer.getWeights());
      const expected = reference.apply(inputs) as tf.Tensor;
      expect(output.shape).toEqual([4, merge === 'concat' ? 6 : 3]);
      expect(maxDifference(output, expected)).toBeLessThan(1e-5);
      tf.dispose([inputs, output, expected]);
    });
  }
});

/** Runs the levels by hand over one subsequence at a time. */
function loopReference(layer: SlicedRNN, inputs: tf.Tensor3D): tf.Tensor {
  const [batch, , features] = inputs.shape;
  const rows: tf.Tensor[] = [];
  for (let b = 0; b < batch; b += 1) {
    const count = layer.paddedLength / layer.minimalLength;
    let states: tf.Tensor[] = Array.from({ length: count }, (_, j) =>
      tf.slice(inputs, [b, j * layer.minimalLength, 0], [1, layer.minimalLength, features]),
    );
    layer.levels.forEach((level, p) => {
      const { forward, backward } = layer.levelLayers[p]!;
      const encoded = states.map((sequence) => {
        const f = forward.apply(sequence) as tf.Tensor;
        if (backward === undefined) return f;
        const r = backward.apply(tf.reverse(sequence, 1)) as tf.Tensor;
        return merged(f, r, level.merge ?? 'concat');
      });
      const n = layer.slices[p];
      states = [];
      if (n === undefined) {
        states = encoded;
        return;
      }
      for (let start = 0; start < encoded.length; start += n) {
        states.push(tf.stack(encoded.slice(start, start + n), 1));
      }
    });
    rows.push(states[0]!);
  }
  return tf.concat(rows, 0);
}

describe('a bidirectional SlicedRNN with k >= 1', () => {
  const cases: Array<{
    label: string;
    slices: number[];
    minimalLength: number;
    levels: LevelCell[];
  }> = [
    {
      label: 'BiSRNN(2,2), concat on every level',
      slices: [2, 2],
      minimalLength: 2,
      levels: [
        gru(3, 1, { bidirectional: true }),
        gru(2, 2, { bidirectional: true }),
        gru(3, 3, { bidirectional: true }),
      ],
    },
    {
      label: 'per level: bidirectional (sum) at level 0 only, [3, 2], l_0 = 3',
      slices: [3, 2],
      minimalLength: 3,
      levels: [
        gru(2, 4, { bidirectional: true, merge: 'sum' }),
        gru(4, 5),
        gru(3, 6, { bidirectional: true, merge: 'average' }),
      ],
    },
  ];
  for (const { label, slices, minimalLength, levels } of cases) {
    it(`${label}: equals the loop over subsequences`, () => {
      const layer = new SlicedRNN({ slices, minimalLength, levels });
      const length = slices.reduce((t, n) => t * n, minimalLength);
      const inputs = tf.randomNormal([3, length, 2], 0, 1, 'float32', 21) as tf.Tensor3D;
      const output = layer.apply(inputs) as tf.Tensor;
      const expected = tf.tidy(() => loopReference(layer, inputs));
      expect(maxDifference(output, expected)).toBeLessThan(1e-5);
      tf.dispose([inputs, output, expected]);
      layer.dispose();
    });
  }
});
