import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { buildClassifier, type ClassifierConfig } from '@srnn/model';

describe('training leaves no tensors behind', () => {
  const base = { vocabularySize: 10, embeddingDim: 3, units: 3, classes: 2, maxLength: 7, seed: 1 };
  const configs: Array<[string, ClassifierConfig]> = [
    [
      'SRNN with front padding, GRU and LSTM levels',
      { ...base, slicing: 'SRNN(2,2)', cell: ['gru', 'lstm', 'gru'] },
    ],
    ['GRU baseline', { ...base, architecture: 'rnn' }],
    ['DCCNN', { ...base, architecture: 'dccnn' }],
  ];
  for (const [label, config] of configs) {
    it(label, () => {
      const model = buildClassifier(config);
      const optimizer = tf.train.adam(0.01);
      const ids = tf.tensor2d(
        [
          [1, 2, 3, 4, 5, 6, 7],
          [0, 0, 9, 8, 7, 6, 5],
        ],
        undefined,
        'int32',
      );
      const labels = tf.tensor2d([
        [1, 0],
        [0, 1],
      ]);
      const step = (): void =>
        tf.dispose(
          optimizer.minimize(
            () =>
              tf.losses.softmaxCrossEntropy(
                labels,
                model.apply(ids, { training: true }) as tf.Tensor,
              ),
            true,
          ) ?? [],
        );
      step(); // the optimizer creates its slot variables on the first step
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i += 1) step();
      const prediction = model.predict(ids) as tf.Tensor;
      prediction.dispose();
      expect(tf.memory().numTensors).toBe(before);
      optimizer.dispose();
      model.dispose();
      tf.dispose([ids, labels]);
    });
  }
});
