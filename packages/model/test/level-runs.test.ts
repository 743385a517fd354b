// Equal subsequences run once: the plan (by hand and against a reference that groups rows by
// their printed values), and SlicedRNN with the plan against the same layer without it (no ids:
// every subsequence runs), in values, gradients, and the sequences each level's encoder ran.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { gathersCheaply } from '@srnn/cells/toolkit';
import { SlicedRNN, type LevelCell } from '@srnn/model';
import { planRuns } from '../src/level-runs';

describe('planRuns', () => {
  // Rows of 2: [3,1] [0,0] [3,1] [0,0] [2,0] [3,1]
  const values = Int32Array.from([3, 1, 0, 0, 3, 1, 0, 0, 2, 0, 3, 1]);

  it('runs the first of each group of equal rows; the others take its slot (by hand)', () => {
    const plan = planRuns(values, 2, { skipEmpty: false, mergeEqual: true });
    expect(Array.from(plan.run)).toEqual([0, 1, 4]);
    expect(Array.from(plan.slot)).toEqual([1, 2, 1, 2, 3, 1]);
    expect(plan.everyRuns).toBe(false);
  });

  it('skipping empty rows gives them slot 0 and no run (by hand)', () => {
    const plan = planRuns(values, 2, { skipEmpty: true, mergeEqual: true });
    expect(Array.from(plan.run)).toEqual([0, 4]);
    expect(Array.from(plan.slot)).toEqual([1, 0, 1, 0, 2, 1]);
  });

  it('without merging, every non-empty row runs', () => {
    const kept = planRuns(values, 2, { skipEmpty: true, mergeEqual: false });
    expect(Array.from(kept.run)).toEqual([0, 2, 4, 5]);
    expect(Array.from(kept.slot)).toEqual([1, 0, 2, 0, 3, 4]);
    const all = planRuns(values, 2, { skipEmpty: false, mergeEqual: false });
    expect(all.everyRuns).toBe(true);
    expect(Array.from(all.slot)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('groups rows as grouping their printed values does, on 5,000 rows with many repeats', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 5;
    const width = 4;
    const rows = Int32Array.from({ length: 5000 * width }, () => (next() < 3 ? 0 : next()));
    const plan = planRuns(rows, width, { skipEmpty: true, mergeEqual: true });
    const firstOf = new Map<string, number>();
    const expectedRun: number[] = [];
    for (let r = 0; r < 5000; r += 1) {
      const key = Array.from(rows.subarray(r * width, (r + 1) * width)).join(',');
      if (key === '0,0,0,0') {
        expect(plan.slot[r]).toBe(0);
        continue;
      }
      if (!firstOf.has(key)) {
        firstOf.set(key, expectedRun.length + 1);
        expectedRun.push(r);
      }
      expect(plan.slot[r]).toBe(firstOf.get(key));
    }
    expect(Array.from(plan.run)).toEqual(expectedRun);
    expect(plan.run.length).toBeLessThan(5000 / 2);
  });

  it('refuses values that do not form rows', () => {
    expect(() =>
      planRuns(Int32Array.from([1, 2, 3]), 2, { skipEmpty: false, mergeEqual: true }),
    ).toThrow(/3 values do not form rows of 2/);
  });
});

/** The sequence counts each level's forward encoder ran over (once each) while `run` runs. */
function sequencesPerLevel(layer: SlicedRNN, run: () => void): number[] {
  const spies = layer.levelEncoders.map((encoder) => jest.spyOn(encoder, 'encode'));
  run();
  const counts = spies.map((spy) => spy.mock.calls.map(([inputs]) => inputs.shape[0]));
  spies.forEach((spy) => spy.mockRestore());
  return counts.flat();
}

// First, before any backend is selected: stock cpu, whose scatter-add makes one pass per segment.
describe('on stock cpu (no one-pass scatter registered)', () => {
  const ids = tf.tensor2d([[5, 6, 5, 6, 5, 6, 5, 6]], undefined, 'int32');
  const features = tf.oneHot(ids, 7) as tf.Tensor3D;
  const gru = (seed: number): LevelCell => ({ cell: 'gru', options: { units: 2, seed } });
  const layer = new SlicedRNN({
    slices: [2, 2],
    minimalLength: 2,
    levels: [gru(1), gru(2), gru(3)],
  });
  layer.apply([features, ids]);

  it('inference shares runs (no gradient, so no scatter)', () => {
    expect(tf.getBackend()).toBe('cpu');
    expect(gathersCheaply()).toBe(true);
    expect(sequencesPerLevel(layer, () => layer.apply([features, ids]))).toEqual([1, 1, 1]);
  });

  it('while a gradient is recorded every subsequence runs: the scatters would cost more than sharing saves', () => {
    const counts = sequencesPerLevel(layer, () => {
      const grad = tf.grad((f: tf.Tensor) => {
        expect(gathersCheaply()).toBe(false);
        return tf.sum(layer.apply([f, ids]) as tf.Tensor);
      });
      grad(features).dispose();
    });
    expect(counts).toEqual([4, 2, 1]);
  });
});

describe.each(['cpu', 'wasm'] as const)(
  'SlicedRNN runs equal subsequences once on %s',
  (backend) => {
    beforeAll(async () => {
      await selectBackend({ backend, log: () => undefined });
      // @srnn/backend's one-pass scatter-add is what makes sharing runs pay in training.
      tf.grad((x: tf.Tensor) => {
        expect(gathersCheaply()).toBe(true);
        return tf.sum(x);
      })(tf.scalar(1)).dispose();
    });
    const FEATURES = 3;
    const table = tf.variable(
      tf.randomNormal([7, FEATURES], 0, 1, 'float32', 3),
    ) as tf.Variable<tf.Rank.R2>;
    const gru = (units: number, seed: number, extra: Partial<LevelCell> = {}): LevelCell => ({
      cell: 'gru',
      options: { units, seed, activation: 'tanh' },
      ...extra,
    });
    // SRNN(2,2) with l_0 = 2 over T = 8: front padding, a repeated phrase ([5, 6]), a repeated row.
    const idRows = [
      [0, 0, 0, 0, 5, 6, 5, 6],
      [0, 0, 0, 0, 5, 6, 5, 6],
      [0, 0, 1, 2, 5, 6, 3, 4],
      [5, 6, 5, 6, 5, 6, 5, 6],
    ];
    const ids = tf.tensor2d(idRows, undefined, 'int32');
    // Distinct sequences (of 16, 8 and 4), worked out by hand: level 0 [0,0] [5,6] [1,2] [3,4];
    // level 1 [00,00] [56,56] [00,12] [56,34]; level 2: rows 0 and 1 are equal, so 3.
    const distinct = [4, 4, 3];

    for (const [label, levels] of [
      ['GRU levels', [gru(3, 1), gru(2, 2), gru(3, 3)]],
      [
        'bidirectional levels with attention',
        [gru(3, 1, { bidirectional: true }), gru(2, 2, { attention: { units: 3 } }), gru(3, 3)],
      ],
    ] as const) {
      it(`${label}: the same output bits and gradients as running every subsequence`, () => {
        const layer = new SlicedRNN({ slices: [2, 2], minimalLength: 2, levels: [...levels] });
        layer.apply([tf.gather(table, ids) as unknown as tf.Tensor3D, ids]);
        layer.setWeights(
          layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 40 + i)),
        );
        const direction = tf.randomNormal(
          [4, levels[2].options.units as number],
          0,
          1,
          'float32',
          9,
        );
        const variables = [table, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
        const run = (withIds: boolean) => {
          const { value, grads } = tf.variableGrads(() => {
            const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
            const out = layer.apply(withIds ? [features, ids] : features) as tf.Tensor;
            return tf.sum(tf.mul(out, direction));
          }, variables);
          const result = {
            value: value.dataSync()[0]!,
            grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())),
          };
          tf.dispose([value, ...Object.values(grads)]);
          return result;
        };
        let merged!: ReturnType<typeof run>;
        const counts = sequencesPerLevel(layer, () => {
          merged = run(true);
        });
        expect(counts).toEqual(distinct);
        // Without the ids, every sequence runs.
        expect(sequencesPerLevel(layer, () => run(false))).toEqual([16, 8, 4]);
        const every = run(false);
        const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
        const output = (inputs: tf.Tensor | tf.Tensor[]) =>
          Array.from((layer.apply(inputs) as tf.Tensor).dataSync());
        // Each run computes what it computed among all the others: equal bits.
        expect(output([features, ids])).toEqual(output(features));
        expect(Math.abs(merged.value - every.value)).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(every.value)),
        );
        merged.grads.forEach((g, i) => {
          const reference = every.grads[i]!;
          g.forEach((x, j) =>
            expect(Math.abs(x - reference[j]!)).toBeLessThan(1e-5 + 1e-5 * Math.abs(reference[j]!)),
          );
        });
      });
    }

    it('refuses ids that are not one per step of the features, naming both shapes', () => {
      const layer = new SlicedRNN({
        slices: [2, 2],
        minimalLength: 2,
        levels: [gru(3, 1), gru(2, 2), gru(3, 3)],
      });
      const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
      expect(() => layer.apply([features, tf.slice(ids, [0, 0], [1, 8])])).toThrow(
        'the token ids have shape [1, 8] but the features have shape [4, 8, 3]; give one id per step: [4, 8]',
      );
    });

    it('with dropout between levels in training, merges level 0 only (each copy gets its own mask)', () => {
      const layer = new SlicedRNN({
        slices: [2, 2],
        minimalLength: 2,
        levels: [gru(3, 1), gru(2, 2), gru(3, 3)],
        dropout: 0.5,
        dropoutSeed: 4,
      });
      const features = tf.gather(table, ids) as unknown as tf.Tensor3D;
      layer.apply([features, ids]); // builds the level encoders
      expect(
        sequencesPerLevel(layer, () => layer.apply([features, ids], { training: true })),
      ).toEqual([4, 8, 4]);
      // Not training: no dropout, every level merges.
      expect(sequencesPerLevel(layer, () => layer.apply([features, ids]))).toEqual(distinct);
    });
  },
);
