import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import {
  buildClassifier,
  loadClassifier,
  saveClassifier,
  type ClassifierConfig,
} from '@srnn/model';
import { fileSystemHandler } from '@srnn/model/node';

describe('save and load in the TensorFlow.js LayersModel format', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'srnn-model-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const base = { vocabularySize: 20, embeddingDim: 4, units: 3, classes: 3, seed: 5 };
  const ids = (): tf.Tensor2D =>
    tf.tensor2d(
      [
        [0, 0, 3, 4, 5, 6, 7],
        [1, 2, 3, 19, 18, 17, 16],
      ],
      undefined,
      'int32',
    );

  // Replaces every weight with seeded noise unrelated to the model's initialisers.
  const scrambleWeights = (model: tf.LayersModel): void => {
    const noise = model
      .getWeights()
      .map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 100 + i));
    model.setWeights(noise);
    tf.dispose(noise);
  };

  const cases: Array<{ label: string; config: ClassifierConfig }> = [
    {
      label: 'SRNN per-level GRU/LSTM with front padding',
      config: { ...base, maxLength: 7, slicing: 'SRNN(2,2)', cell: ['gru', 'lstm', 'gru'] },
    },
    { label: 'GRU baseline', config: { ...base, maxLength: 7, architecture: 'rnn' as const } },
    { label: 'DCCNN', config: { ...base, maxLength: 7, architecture: 'dccnn' as const } },
  ];
  for (const { label, config } of cases) {
    it(`${label}: predictions are identical after a reload`, async () => {
      const model = buildClassifier(config);
      scrambleWeights(model); // so that a reload that re-initialised from the seed would differ
      const input = ids();
      const before = model.predict(input) as tf.Tensor;
      await saveClassifier(model, directory, {
        tokenizer: 'tokenizer.json',
        labels: ['neg', 'neutral', 'pos'],
        extra: { dataset: 'synthetic' },
      });
      const { model: loaded, metadata, description } = await loadClassifier(directory);
      const after = loaded.predict(input) as tf.Tensor;
      expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
      expect(metadata).toEqual({
        tokenizer: 'tokenizer.json',
        labels: ['neg', 'neutral', 'pos'],
        extra: { dataset: 'synthetic' },
      });
      expect(description?.architecture).toBe(config.architecture ?? 'srnn');
      tf.dispose([input, before, after]);
      model.dispose();
      loaded.dispose();
    });
  }

  it('writes model.json + weights.bin that tf.loadLayersModel reads with the handler', async () => {
    const model = buildClassifier({ ...base, maxLength: 8, slicing: [2, 2] });
    await saveClassifier(model, directory);
    const json = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.srnn.plan).toMatchObject({ slices: [2, 2], minimalLength: 2 });
    const weightBytes = readFileSync(join(directory, 'weights.bin')).byteLength;
    expect(weightBytes).toBe(model.countParams() * 4);
    const loaded = await tf.loadLayersModel(fileSystemHandler(directory));
    expect(loaded.countParams()).toBe(model.countParams());
    model.dispose();
    loaded.dispose();
  });

  it('names the directory when there is no model to load', async () => {
    await expect(loadClassifier(join(directory, 'missing'))).rejects.toThrow(
      /missing\/model\.json: cannot be read: ENOENT/,
    );
  });

  it('refuses a model.json whose stored metadata is malformed, naming the file and the field', async () => {
    const model = buildClassifier({ ...base, maxLength: 4, architecture: 'rnn' });
    await saveClassifier(model, directory, { labels: ['a', 'b', 'c'] });
    model.dispose();
    const file = join(directory, 'model.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.userDefinedMetadata.srnn.labels = 5;
    writeFileSync(file, JSON.stringify(json));
    const before = tf.memory().numTensors;
    const refusal = loadClassifier(directory);
    await expect(refusal).rejects.toThrow(`${file}`);
    await expect(refusal).rejects.toThrow(
      /userDefinedMetadata\.srnn\.labels: expected a list of label strings, or the path of a label-map file/,
    );
    // The half-loaded model is disposed, not leaked.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects metadata with unknown fields, naming them', async () => {
    const model = buildClassifier({ ...base, maxLength: 4, architecture: 'rnn' });
    await expect(saveClassifier(model, directory, { vocabulary: 'x' } as never)).rejects.toThrow(
      /vocabulary/,
    );
    model.dispose();
  });
});
