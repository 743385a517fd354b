// FusedAdam as the optimizer of a tfjs-layers model trained with model.fit.
import * as tf from '@tensorflow/tfjs';
import { fusedAdam } from '@srnn/optimizers';
import { BACKENDS, maxRelativeDifference, seededRandom, useBackend } from './helpers';

function makeModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 300, outputDim: 8, inputLength: 6 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('model.fit with fusedAdam matches model.fit with tf.train.adam', async () => {
    const random = seededRandom(5);
    const xs = tf.tensor2d(
      Float32Array.from({ length: 64 * 6 }, () => Math.floor(random() * 300)),
      [64, 6],
    );
    const labels = tf.oneHot(
      tf.tensor1d(
        Int32Array.from({ length: 64 }, () => Math.floor(random() * 3)),
        'int32',
      ),
      3,
    );
    const reference = makeModel();
    const fused = makeModel();
    fused.setWeights(reference.getWeights());
    reference.compile({
      optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-8),
      loss: 'categoricalCrossentropy',
    });
    fused.compile({ optimizer: fusedAdam(0.01), loss: 'categoricalCrossentropy' });
    const options = { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 } as const;
    const referenceHistory = await reference.fit(xs, labels, options);
    const fusedHistory = await fused.fit(xs, labels, options);

    const losses = fusedHistory.history['loss'] as number[];
    expect(losses[2]!).toBeLessThan(losses[0]!); // it trained
    expect(
      maxRelativeDifference(losses, referenceHistory.history['loss'] as number[]),
    ).toBeLessThan(1e-5);
    const expected = reference.getWeights().map((w) => w.dataSync());
    fused.getWeights().forEach((w, i) => {
      expect(maxRelativeDifference(w.dataSync(), expected[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([xs, labels]);
    reference.dispose();
    fused.dispose();
  });
});
