// The classifier's level options: validation at the boundary, the BiSRNN name, save/load,
// seeded dropout, and the attention weights of a built classifier.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import {
  buildClassifier,
  explainAttention,
  loadClassifier,
  saveClassifier,
  SlicedRNN,
  type ClassifierConfig,
} from '@srnn/model';

const small = { vocabularySize: 12, embeddingDim: 3, units: 3, classes: 2, maxLength: 8, seed: 4 };
const ids = (): tf.Tensor2D =>
  tf.tensor2d(
    [
      [0, 0, 0, 0, 0, 3, 4, 5],
      [1, 2, 3, 4, 5, 6, 7, 8],
      [0, 0, 0, 0, 0, 0, 0, 9],
    ],
    undefined,
    'int32',
  );

describe('classifier level options', () => {
  it('validates them, naming the field and the allowed values', () => {
    const base: ClassifierConfig = { ...small, slicing: 'SRNN(2,2)' };
    expect(() => buildClassifier({ ...base, merge: 'max' as never })).toThrow(
      /merge: must be one of 'concat', 'sum', 'average', or a list of one per level/,
    );
    expect(() => buildClassifier({ ...base, dropout: 1 })).toThrow(
      /dropout: must be a rate in \[0, 1\)/,
    );
    expect(() => buildClassifier({ ...base, dropout: -0.1 })).toThrow(/dropout: must be a rate/);
    expect(() => buildClassifier({ ...base, skipPadding: 'yes' as never })).toThrow(
      /skipPadding: must be true or false/,
    );
    expect(() => buildClassifier({ ...base, attention: [true, false] })).toThrow(
      /attention: has 2 entries but the model has 3 level/,
    );
    expect(() => buildClassifier({ ...small, architecture: 'rnn', attention: true })).toThrow(
      /attention: applies to architecture 'srnn' only/,
    );
    expect(() =>
      buildClassifier({ ...base, slicing: 'BiSRNN(2,2)', bidirectional: false }),
    ).toThrow(/bidirectional: is false but slicing 'BiSRNN\(2,2\)' names a bidirectional SRNN/);
  });

  it('reads BiSRNN(2,2) as bidirectional levels, and per-level lists as given', () => {
    const named = buildClassifier({ ...small, slicing: 'BiSRNN(2,2)' });
    const layer = named.getLayer('srnn') as SlicedRNN;
    expect(layer.levels.map((l) => [l.bidirectional, l.merge])).toEqual([
      [true, 'concat'],
      [true, 'concat'],
      [true, 'concat'],
    ]);
    // Level widths: 2 x 3 units each; the output layer sees 6 features.
    expect(named.getLayer('classes').getWeights()[0]!.shape).toEqual([6, 2]);
    const mixed = buildClassifier({
      ...small,
      slicing: 'SRNN(2,2)',
      bidirectional: [true, false, true],
      merge: ['sum', 'concat', 'average'],
      attention: [false, true, false],
    });
    const levels = (mixed.getLayer('srnn') as SlicedRNN).levels;
    expect(levels.map((l) => [l.bidirectional ?? false, l.merge, l.attention])).toEqual([
      [true, 'sum', undefined],
      [false, undefined, { units: 3 }],
      [true, 'average', undefined],
    ]);
    named.dispose();
    mixed.dispose();
  });

  it('records the options and the cell packages in the description, and saves and loads them', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'srnn-levels-'));
    try {
      const model = buildClassifier({
        ...small,
        slicing: 'BiSRNN(2,2)',
        cell: ['gru', 'lstm', 'gru'],
        attention: true,
        attentionUnits: 4,
        skipPadding: true,
        dropout: 0.25,
      });
      const noise = model
        .getWeights()
        .map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 50 + i));
      model.setWeights(noise);
      const input = ids();
      const before = model.predict(input) as tf.Tensor;
      await saveClassifier(model, directory);
      const json = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8'));
      expect(json.userDefinedMetadata.srnn).toMatchObject({
        cellPackages: ['@srnn/cell-gru', '@srnn/cell-lstm'],
        skipPadding: true,
        dropout: 0.25,
      });
      const { model: loaded, description } = await loadClassifier(directory);
      const layer = loaded.getLayer('srnn') as SlicedRNN;
      expect([layer.skipPadding, layer.dropout, layer.dropoutSeed]).toEqual([true, 0.25, 304]);
      expect(layer.levels[1]).toMatchObject({
        cell: 'lstm',
        bidirectional: true,
        attention: { units: 4 },
      });
      expect(description?.cells?.[0]?.attention).toEqual({ units: 4 });
      const after = loaded.predict(input) as tf.Tensor;
      expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
      tf.dispose([input, before, after, ...noise]);
      model.dispose();
      loaded.dispose();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('dropout between levels', () => {
  const training = (model: tf.LayersModel, input: tf.Tensor): Float32Array =>
    tf.tidy(() => (model.apply(input, { training: true }) as tf.Tensor).dataSync() as Float32Array);

  it('is off by default: training and inference give the same output', () => {
    const model = buildClassifier({ ...small, slicing: 'SRNN(2,2)' });
    const input = ids();
    const inference = (model.predict(input) as tf.Tensor).dataSync();
    expect(Array.from(training(model, input))).toEqual(Array.from(inference));
    model.dispose();
  });

  it('drops in training only, with masks that repeat for the same seed and change per step', () => {
    const config: ClassifierConfig = { ...small, slicing: 'SRNN(2,2)', dropout: 0.5 };
    const [a, b] = [buildClassifier(config), buildClassifier(config)];
    const input = ids();
    const inference = (a.predict(input) as tf.Tensor).dataSync();
    const firstA = training(a, input);
    const secondA = training(a, input);
    const firstB = training(b, input);
    expect(Array.from(firstA)).not.toEqual(Array.from(inference));
    expect(Array.from(secondA)).not.toEqual(Array.from(firstA));
    expect(Array.from(firstB)).toEqual(Array.from(firstA));
    expect(Array.from((a.predict(input) as tf.Tensor).dataSync())).toEqual(Array.from(inference));
    a.dispose();
    b.dispose();
  });
});

describe('explainAttention', () => {
  it("gives each attention level's weights for the classifier's ids, front padding included", () => {
    // maxLength 7 with SRNN(2,2): one padding step added in front, inside the model.
    const model = buildClassifier({
      ...small,
      maxLength: 7,
      slicing: 'SRNN(2,2)',
      attention: [false, true, true],
      skipPadding: true,
    });
    const input = tf.tensor2d([[0, 0, 0, 0, 3, 4, 5]], undefined, 'int32');
    const attention = explainAttention(model, input);
    expect(attention.map((a) => [a.level, a.weights.shape, a.tokensPerStep])).toEqual([
      [1, [1, 2, 2], 2],
      [2, [1, 1, 2], 4],
    ]);
    expect(input.isDisposed).toBe(false);
    // Padded row [0, 0,0,0,0, 3,4,5]: level-1 sequence 0 covers tokens 0..3, all padding.
    expect(Array.from(attention[0]!.weights.dataSync()).slice(0, 2)).toEqual([0, 0]);
    expect(Array.from(attention[1]!.weights.dataSync())).toEqual([0, 1]);
    expect(
      explainAttention(
        buildClassifier({ ...small, slicing: 'SRNN(2,2)' }),
        input.pad([
          [0, 0],
          [1, 0],
        ]),
      ),
    ).toEqual([]);
    // No front padding: the layer takes the caller's ids themselves, which stay the caller's.
    const full = tf.tensor2d([[0, 0, 0, 0, 0, 3, 4, 5]], undefined, 'int32');
    const weights = explainAttention(
      buildClassifier({ ...small, slicing: 'SRNN(2,2)', attention: [false, true, true] }),
      full,
    );
    expect(weights).toHaveLength(2);
    expect(full.isDisposed).toBe(false);
    expect(Array.from(full.dataSync())).toEqual([0, 0, 0, 0, 0, 3, 4, 5]);
    tf.dispose(weights.map((w) => w.weights));
    expect(() =>
      explainAttention(buildClassifier({ ...small, architecture: 'rnn' }), input),
    ).toThrow(/has no SlicedRNN layer/);
  });
});
