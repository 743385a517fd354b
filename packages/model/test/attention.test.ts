// Attention pooling: a small case worked in plain arithmetic (non-zero context vector, a masked
// step), its gradients by finite differences inside a SlicedRNN, and the weights it exposes.
import * as tf from '@tensorflow/tfjs';
import { AttentionPooling, SlicedRNN, type LevelCell } from '@srnn/model';

describe('AttentionPooling', () => {
  // Two sequences of three 2-d states; attention width 2.
  const h = [
    [
      [1, 0],
      [0, 2],
      [-1, 1],
    ],
    [
      [0.5, 0.5],
      [2, -1],
      [0, 0],
    ],
  ];
  const W = [
    [0.5, -1],
    [1, 0.25],
  ];
  const b = [0.1, -0.2];
  const c = [1.5, -0.5];

  /** u = tanh(W h + b), score = u . c, alpha = softmax over unmasked steps, s = sum alpha h. */
  function byHand(mask: number[][]): { pooled: number[][]; alpha: number[][] } {
    const alpha = h.map((sequence, i) => {
      const scores = sequence.map((state) => {
        const u = [0, 1].map((j) =>
          Math.tanh(state[0]! * W[0]![j]! + state[1]! * W[1]![j]! + b[j]!),
        );
        return u[0]! * c[0]! + u[1]! * c[1]!;
      });
      const exps = scores.map((s, t) => (mask[i]![t] === 1 ? Math.exp(s) : 0));
      const total = exps.reduce((x, y) => x + y, 0);
      return exps.map((e) => e / total);
    });
    const pooled = h.map((sequence, i) =>
      [0, 1].map((d) => sequence.reduce((sum, state, t) => sum + alpha[i]![t]! * state[d]!, 0)),
    );
    return { pooled, alpha };
  }

  it.each([
    ['no mask', undefined],
    [
      'the last step of the second sequence masked',
      [
        [1, 1, 1],
        [1, 1, 0],
      ],
    ],
  ])('equals the hand-worked pooling (%s)', (_, mask) => {
    const pooling = new AttentionPooling({ units: 2, seed: 1 });
    pooling.build([null, 3, 2]);
    pooling.setWeights([tf.tensor2d(W), tf.tensor1d(b), tf.tensor1d(c)]);
    const states = tf.tensor3d(h);
    const { pooled, weights } = pooling.pool(
      states,
      mask === undefined ? undefined : tf.tensor2d(mask),
    );
    const expected = byHand(
      mask ?? [
        [1, 1, 1],
        [1, 1, 1],
      ],
    );
    (pooled.arraySync() as number[][]).forEach((row, i) =>
      row.forEach((v, d) => expect(v).toBeCloseTo(expected.pooled[i]![d]!, 5)),
    );
    (weights.arraySync() as number[][]).forEach((row, i) =>
      row.forEach((v, t) => expect(v).toBeCloseTo(expected.alpha[i]![t]!, 5)),
    );
    if (mask !== undefined) expect(weights.arraySync()[1]![2]).toBe(0);
  });

  it('rejects a bad width, naming it', () => {
    expect(() => new AttentionPooling({ units: 0 })).toThrow(/units/);
  });
});

const gru = (units: number, seed: number, extra: Partial<LevelCell> = {}): LevelCell => ({
  cell: 'gru',
  options: { units, seed, activation: 'tanh' },
  ...extra,
});

describe('a SlicedRNN with attention, bidirectional levels and skipped padding', () => {
  const table = tf.randomNormal([5, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
  const ids = tf.tensor2d(
    [
      [0, 0, 0, 1, 2, 3, 4, 1],
      [0, 0, 0, 0, 0, 0, 0, 2],
    ],
    undefined,
    'int32',
  );
  const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
  const build = (): SlicedRNN => {
    const layer = new SlicedRNN({
      slices: [2, 2],
      minimalLength: 2,
      levels: [
        gru(2, 1, { bidirectional: true, attention: { units: 2 } }),
        gru(2, 2, { attention: { units: 3 } }),
        gru(2, 3, { bidirectional: true, merge: 'sum', attention: { units: 2 } }),
      ],
      skipPadding: true,
    });
    layer.apply([features, ids]);
    layer.setWeights(
      layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 40 + i)),
    );
    return layer;
  };

  it('exposes per-level attention weights: rows sum to 1 over real steps, 0 on padding', () => {
    const layer = build();
    const attention = layer.attentionWeights([features, ids]);
    expect(attention.map((a) => [a.level, a.weights.shape, a.tokensPerStep])).toEqual([
      [0, [2, 4, 2], 1],
      [1, [2, 2, 2], 2],
      [2, [2, 1, 2], 4],
    ]);
    const level0 = attention[0]!.weights.arraySync() as number[][][];
    // Row 0: subsequences (0,0) empty, (0,1) has its padding step masked, the rest full.
    expect(level0[0]![0]).toEqual([0, 0]);
    expect(level0[0]![1]![0]).toBe(0);
    expect(level0[0]![1]![1]).toBeCloseTo(1, 6);
    for (const a of attention) {
      for (const row of a.weights.arraySync() as number[][][]) {
        for (const steps of row) {
          const total = steps.reduce((x, y) => x + y, 0);
          expect(total === 0 || Math.abs(total - 1) < 1e-5).toBe(true);
        }
      }
    }
    // Row 1 holds one token, in the last step: every level attends to its one real step only.
    expect(level0[1]![3]).toEqual([0, 1]);
    expect((attention[2]!.weights.arraySync() as number[][][])[1]![0]).toEqual([0, 1]);
  });

  it('has gradients that match central finite differences', () => {
    const layer = build();
    const direction = tf.randomNormal([2, 2], 0, 1, 'float32', 9);
    const loss = (): tf.Scalar =>
      tf.tidy(() => tf.sum(tf.mul(layer.apply([features, ids]) as tf.Tensor, direction)));
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
          return loss().dataSync()[0]!;
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        variable.assign(tf.tensor(values, variable.shape));
        expect(Math.abs(numeric - analytic[i]!)).toBeLessThan(3e-3 + 3e-2 * Math.abs(numeric));
        compared += 1;
      }
    }
    // Encoders: level 0 two GRU(2) on 2 inputs (2 x 30), level 1 one on 4 inputs (42),
    // level 2 two on 2 inputs (2 x 30); attention: (4*2 + 2 + 2) + (2*3 + 3 + 3) + (2*2 + 2 + 2).
    expect(compared).toBe(60 + 42 + 60 + 12 + 12 + 8);
  });
});
