// Skipping all-padding subsequences, against a plain loop that runs the levels over each
// subsequence with the states of empty ones (no real token) replaced by zeros; and, off, the
// paper's computation (every subsequence runs).
import * as tf from '@tensorflow/tfjs';
import { levelWidth, SlicedRNN, type LevelCell } from '@srnn/model';

const FEATURES = 3;
const table = tf.randomNormal([6, FEATURES], 0, 1, 'float32', 7) as tf.Tensor2D;
const gru = (units: number, seed: number, extra: Partial<LevelCell> = {}): LevelCell => ({
  cell: 'gru',
  options: { units, seed, activation: 'tanh' },
  ...extra,
});

// Front-padded rows of T = 8 (SRNN(2,2), l_0 = 2): empty subsequences at level 0 (ids 0, 0), an
// empty level-1 sequence in row 0, a row with nothing at all, and a full row.
const ids = tf.tensor2d(
  [
    [0, 0, 0, 0, 0, 3, 4, 5],
    [0, 0, 1, 0, 2, 2, 3, 1],
    [0, 0, 0, 0, 0, 0, 0, 0],
    [1, 2, 3, 4, 5, 1, 2, 3],
  ],
  undefined,
  'int32',
);

function referenceLoop(layer: SlicedRNN, features: tf.Tensor, tokenIds: number[][]): tf.Tensor {
  const rows: tf.Tensor[] = [];
  tokenIds.forEach((rowIds, b) => {
    let width = FEATURES;
    let states: Array<{ sequence: tf.Tensor; empty: boolean }> = Array.from(
      { length: layer.paddedLength / layer.minimalLength },
      (_, j) => ({
        sequence: tf.slice(
          features,
          [b, j * layer.minimalLength, 0],
          [1, layer.minimalLength, width],
        ),
        empty: rowIds
          .slice(j * layer.minimalLength, (j + 1) * layer.minimalLength)
          .every((id) => id === 0),
      }),
    );
    layer.levels.forEach((level, p) => {
      const { forward, backward } = layer.levelLayers[p]!;
      const out = levelWidth(level);
      const encoded = states.map(({ sequence, empty }) => {
        if (empty) return { state: tf.zeros([1, out]), empty };
        const f = forward.apply(sequence) as tf.Tensor;
        if (backward === undefined) return { state: f, empty };
        const r = backward.apply(tf.reverse(sequence, 1)) as tf.Tensor;
        return { state: tf.concat([f, r], -1), empty };
      });
      width = out;
      const n = layer.slices[p] ?? encoded.length;
      states = [];
      for (let start = 0; start < encoded.length; start += n) {
        const group = encoded.slice(start, start + n);
        states.push({
          sequence: tf.stack(
            group.map((g) => g.state),
            1,
          ),
          empty: group.every((g) => g.empty),
        });
      }
    });
    // The top: one sequence of the top level's states, already encoded; its state is the row's.
    rows.push(tf.reshape(states[0]!.sequence, [1, -1]));
  });
  return tf.concat(rows, 0);
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('SlicedRNN with skipPadding', () => {
  const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
  for (const [label, levels] of [
    ['GRU levels', [gru(3, 1), gru(2, 2), gru(3, 3)]],
    [
      'bidirectional levels',
      [
        gru(3, 1, { bidirectional: true }),
        gru(2, 2, { bidirectional: true }),
        gru(2, 3, { bidirectional: true }),
      ],
    ],
  ] as const) {
    it(`${label}: equals the loop with empty subsequences' states replaced by zeros`, () => {
      const layer = new SlicedRNN({
        slices: [2, 2],
        minimalLength: 2,
        levels: [...levels],
        skipPadding: true,
      });
      const output = layer.apply([features, ids]) as tf.Tensor;
      const expected = tf.tidy(() => referenceLoop(layer, features, ids.arraySync() as number[][]));
      expect(maxDifference(output, expected)).toBeLessThan(1e-5);
      // The row with no token at all has a zero state; skipping changed the rows with padding.
      expect(Array.from(output.slice([2, 0], [1, -1]).dataSync()).every((v) => v === 0)).toBe(true);
      const unskipped = new SlicedRNN({ slices: [2, 2], minimalLength: 2, levels: [...levels] });
      unskipped.apply([features, ids]);
      unskipped.setWeights(layer.getWeights());
      const paper = unskipped.apply([features, ids]) as tf.Tensor;
      expect(
        maxDifference(paper.slice([3, 0], [1, -1]), output.slice([3, 0], [1, -1])),
      ).toBeLessThan(1e-6);
      expect(
        maxDifference(paper.slice([0, 0], [1, -1]), output.slice([0, 0], [1, -1])),
      ).toBeGreaterThan(1e-4);
      tf.dispose([output, expected, paper]);
    });
  }

  it('needs the token ids, and says so', () => {
    const layer = new SlicedRNN({
      slices: [2, 2],
      minimalLength: 2,
      levels: [gru(3, 1), gru(2, 2), gru(3, 3)],
      skipPadding: true,
    });
    expect(() => layer.apply(features)).toThrow(/skipPadding needs the token ids/);
  });

  it('with every subsequence holding a token, equals the paper computation exactly', () => {
    const full = tf.tensor2d([[1, 2, 3, 4, 5, 1, 2, 3]], undefined, 'int32');
    const rows = tf.gather(table, full) as unknown as tf.Tensor3D;
    const levels = [gru(3, 1), gru(2, 2), gru(3, 3)];
    const skipping = new SlicedRNN({ slices: [2, 2], minimalLength: 2, levels, skipPadding: true });
    const paper = new SlicedRNN({ slices: [2, 2], minimalLength: 2, levels });
    const a = skipping.apply([rows, full]) as tf.Tensor;
    const b = paper.apply([rows, full]) as tf.Tensor;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
  });

  it('off, computes the same floats with the token ids as without them (the paper computation)', () => {
    const levels = [gru(3, 1), gru(2, 2), gru(3, 3)];
    const layer = new SlicedRNN({ slices: [2, 2], minimalLength: 2, levels });
    const withIds = layer.apply([features, ids]) as tf.Tensor;
    const without = layer.apply(features) as tf.Tensor;
    expect(Array.from(withIds.dataSync())).toEqual(Array.from(without.dataSync()));
  });
});
