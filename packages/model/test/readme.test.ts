// Mirrors the README's usage example, so that it stays true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildClassifier, loadClassifier, saveClassifier } from '@srnn/model';

describe('README example', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'srnn-readme-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('builds, trains, saves and reloads an SRNN(4,2) classifier', async () => {
    const model = buildClassifier({
      vocabularySize: 50,
      embeddingDim: 8,
      maxLength: 30,
      slicing: 'SRNN(4,2)',
      units: 6,
      classes: 3,
      seed: 7,
    });
    model.compile({
      optimizer: tf.train.adam(0.01),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const ids = tf.randomUniform([16, 30], 0, 50, 'int32');
    const labels = tf.oneHot(tf.randomUniform([16], 0, 3, 'int32') as tf.Tensor1D, 3);
    await model.fit(ids, labels, { epochs: 2, batchSize: 8, verbose: 0 });

    const modelDirectory = join(directory, 'models/demo');
    await saveClassifier(model, modelDirectory, {
      tokenizer: 'tokenizer.json',
      labels: ['neg', 'mid', 'pos'],
    });
    const { model: reloaded, description, metadata } = await loadClassifier(modelDirectory);
    expect(description?.plan?.name).toBe('SRNN(4,2)');
    expect(description?.plan?.paddedLength).toBe(32);
    expect(metadata.labels).toEqual(['neg', 'mid', 'pos']);
    const before = model.predict(ids) as tf.Tensor;
    const after = reloaded.predict(ids) as tf.Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
  });

  it('has the parameter count the README states for the paper settings', () => {
    const model = buildClassifier({
      vocabularySize: 30001,
      embeddingDim: 200,
      maxLength: 512,
      slicing: 'SRNN(8,2)',
      units: 50,
      classes: 5,
    });
    expect(model.countParams()).toBe(6068405);
    model.dispose();
  });
});
